"""Demo buyers: named ones the demonstration journeys use, and ten thousand generated ones
across countries and sectors, loaded through the same import as a real file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zlib

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from buyers_db.import_checks import COLUMNS
from buyers_db.imports import import_buyers
from buyers_db.models import Buyer, LegalEventType
from buyers_db.services import add_event
from core.actor import SYSTEM

GENERATED = 10_000
# country, currency, weight
COUNTRIES = [("DE", "EUR", 14), ("FR", "EUR", 10), ("IT", "EUR", 8), ("ES", "EUR", 7),
             ("NL", "EUR", 6), ("PL", "PLN", 6), ("GB", "GBP", 7), ("US", "USD", 10),
             ("CN", "CNY", 12), ("JP", "JPY", 3), ("BR", "BRL", 4), ("TR", "TRY", 4),
             ("IN", "INR", 4), ("MX", "MXN", 3), ("ZA", "ZAR", 2)]
SECTORS = ["10.89", "13.20", "20.16", "22.29", "25.62", "26.11", "28.22", "29.32", "41.20",
           "43.21", "46.43", "46.69", "46.90", "47.11", "49.41", "52.10", "56.10", "62.01",
           "68.20", "71.12"]
SYLLABLES = ["Nord", "Sud", "Alta", "Mar", "Terra", "Tech", "Lux", "Euro", "Pro", "Inter",
             "Nova", "Sol", "Berg", "Rio", "Vita", "Forte", "Delta", "Omni", "Vento", "Stella"]
FORMS = {"DE": "GmbH", "FR": "SAS", "IT": "S.r.l.", "ES": "S.L.", "NL": "B.V.", "PL": "Sp. z o.o.",
         "GB": "Ltd", "US": "Inc.", "JP": "K.K.", "BR": "Ltda", "TR": "A.Ş.", "IN": "Pvt Ltd",
         "MX": "S.A. de C.V.", "ZA": "(Pty) Ltd"}
CHINESE_PLACES = ["上海", "深圳", "宁波", "苏州", "广州", "青岛", "厦门", "天津"]
CHINESE_WORDS = ["华信", "恒达", "远东", "新世纪", "金桥", "宏图", "东方", "瑞丰", "永盛", "中联"]
CHINESE_TRADES = ["电子科技", "纺织品", "机械设备", "国际贸易", "化工", "家具", "照明"]

# The buyers the demonstration journeys use; the last one has gone insolvent.
NAMED = [
    ("DE", "HRB 98211", "Müller Logistik GmbH", "49.41", "Hamburg", 1987, 420, "EUR", 86.0e6),
    ("FR", "552 100 554", "Société Lyonnaise de Textiles SARL", "13.20", "Lyon", 1962, 95, "EUR",
     21.0e6),
    ("NL", "KVK 3412 7790", "Rotterdam Fresh Foods B.V.", "46.31", "Rotterdam", 2004, 160,
     "EUR", 54.0e6),
    ("CN", "91440300MA5G2Q8X1K", "深圳前海星辰电子有限公司", "26.11", "深圳", 2012, 650, "CNY",
     480.0e6),
    ("CN", "91310115MA1K4B7R2D", "上海东方国际贸易有限公司", "46.90", "上海", 1998, 210, "CNY",
     260.0e6),
    ("US", "DE-5531907", "Great Lakes Hardware Inc.", "46.74", "Chicago", 1979, 880, "USD",
     310.0e6),
    ("TR", "IST-448812", "Anatolia Yapı Malzemeleri A.Ş.", "46.73", "İstanbul", 2009, 130, "TRY",
     410.0e6),
    ("PL", "KRS 0000412877", "Kowalski Budownictwo Sp. z o.o.", "41.20", "Kraków", 2015, 60,
     "PLN", 18.0e6),
]
INSOLVENT = ("PL", "KRS 0000412877")


def seed_buyers(session: Session, as_of: dt.date) -> int:
    """Load the demo buyers unless they are there; the number of buyers afterwards."""
    if _count(session) >= GENERATED:
        return _count(session)
    rows = [_named_row(values, as_of.year - 1) for values in NAMED] + _generated(as_of.year - 1)
    import_buyers(session, io.BytesIO(_csv(rows)), actor=SYSTEM)
    insolvent = session.scalar(select(Buyer.id).where(
        Buyer.country == INSOLVENT[0], Buyer.registration_number == INSOLVENT[1]))
    if insolvent is not None:
        add_event(session, insolvent, actor=SYSTEM, type=LegalEventType.INSOLVENCY,
                  date=as_of - dt.timedelta(days=20), detail="Insolvency proceedings opened.")
    return _count(session)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Buyer)) or 0)


def _csv(rows: list[dict[str, object]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _figures(revenue: float, rng: np.random.Generator) -> dict[str, object]:
    assets = revenue * rng.uniform(0.4, 1.2)
    liabilities = assets * rng.uniform(0.25, 0.95)
    current_assets = assets * rng.uniform(0.3, 0.7)
    ebit = revenue * rng.normal(0.06, 0.06)
    return {
        "revenue": f"{revenue:.2f}", "ebit": f"{ebit:.2f}", "net_income": f"{ebit * 0.7:.2f}",
        "total_assets": f"{assets:.2f}", "current_assets": f"{current_assets:.2f}",
        "current_liabilities": f"{liabilities * rng.uniform(0.4, 0.8):.2f}",
        "total_liabilities": f"{liabilities:.2f}", "equity": f"{assets - liabilities:.2f}",
        "retained_earnings": f"{(assets - liabilities) * rng.uniform(-0.2, 0.7):.2f}",
    }


def _named_row(values: tuple[object, ...], year: int) -> dict[str, object]:
    country, number, name, sector, city, founded, employees, currency, revenue = values
    rng = np.random.default_rng(zlib.crc32(str(number).encode()))
    return {"country": country, "registration_number": number, "name": name, "sector": sector,
            "city": city, "founded_year": founded, "employees": employees, "fiscal_year": year,
            "currency": currency, **_figures(float(revenue), rng)}  # type: ignore[arg-type]


def _generated(year: int) -> list[dict[str, object]]:
    rng = np.random.default_rng(20261123)
    weights = np.array([w for *_, w in COUNTRIES], dtype=float)
    picks = rng.choice(len(COUNTRIES), size=GENERATED, p=weights / weights.sum())
    rows = []
    for n, pick in enumerate(picks):
        country, currency, _ = COUNTRIES[pick]
        row: dict[str, object] = {
            "country": country, "registration_number": f"{country}-DEMO-{n:06d}",
            "name": _name(country, rng), "sector": SECTORS[rng.integers(len(SECTORS))],
            "city": "", "founded_year": int(rng.integers(1950, year)),
            "employees": int(rng.lognormal(3.5, 1.3)),
        }
        if rng.random() < 0.85:  # some buyers have no financials on file
            stale = rng.random() < 0.1
            row |= {"fiscal_year": year - (2 if stale else 0), "currency": currency,
                    **_figures(float(rng.lognormal(16, 1.5)), rng)}
        rows.append(row)
    return rows


def _name(country: str, rng: np.random.Generator) -> str:
    if country == "CN":
        return (CHINESE_PLACES[rng.integers(8)] + CHINESE_WORDS[rng.integers(10)]
                + CHINESE_TRADES[rng.integers(7)] + "有限公司")
    first, second = rng.choice(SYLLABLES, 2, replace=False)
    return f"{first}{second.lower()} {FORMS[country]}"
