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
from buyers_db.models import Buyer, LegalEvent, LegalEventType
from buyers_db.services import add_event
from core.actor import SYSTEM
from portal.cli.demo_dates import on

GENERATED = 10_000
# country, currency, units of that currency to the euro (rounded: the demo's figures are drawn
# in euros, then stated in the buyer's own currency at its own scale), weight
COUNTRIES = [("DE", "EUR", 1, 14), ("FR", "EUR", 1, 10), ("IT", "EUR", 1, 8),
             ("ES", "EUR", 1, 7), ("NL", "EUR", 1, 6), ("PL", "PLN", 4.3, 6),
             ("GB", "GBP", 0.85, 7), ("US", "USD", 1.08, 10), ("CN", "CNY", 7.8, 12),
             ("JP", "JPY", 165, 3), ("BR", "BRL", 5.8, 4), ("TR", "TRY", 37, 4),
             ("IN", "INR", 91, 4), ("MX", "MXN", 19, 3), ("ZA", "ZAR", 20, 2)]
CITIES = {
    "DE": ["Hamburg", "München", "Köln", "Stuttgart", "Leipzig", "Bremen", "Dortmund", "Nürnberg"],
    "FR": ["Paris", "Lyon", "Marseille", "Lille", "Toulouse", "Nantes", "Bordeaux", "Strasbourg"],
    "IT": ["Milano", "Torino", "Bologna", "Napoli", "Firenze", "Verona", "Bari", "Genova"],
    "ES": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Zaragoza", "Málaga"],
    "NL": ["Rotterdam", "Amsterdam", "Utrecht", "Eindhoven", "Den Haag", "Groningen"],
    "PL": ["Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk", "Katowice"],
    "GB": ["London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol", "Sheffield"],
    "US": ["Chicago", "Houston", "Atlanta", "Newark", "Los Angeles", "Seattle", "Detroit"],
    "CN": ["上海", "深圳", "宁波", "苏州", "广州", "青岛", "厦门", "天津"],
    "JP": ["Tokyo", "Osaka", "Nagoya", "Yokohama", "Kobe", "Fukuoka"],
    "BR": ["São Paulo", "Rio de Janeiro", "Curitiba", "Porto Alegre", "Belo Horizonte"],
    "TR": ["İstanbul", "Ankara", "İzmir", "Bursa", "Kocaeli"],
    "IN": ["Mumbai", "Pune", "Chennai", "Bengaluru", "Ahmedabad", "New Delhi"],
    "MX": ["Monterrey", "Guadalajara", "Ciudad de México", "Querétaro", "Puebla"],
    "ZA": ["Johannesburg", "Cape Town", "Durban", "Pretoria"],
}
SECTORS = ["10.89", "13.20", "20.16", "22.29", "25.62", "26.11", "28.22", "29.32", "41.20",
           "43.21", "46.43", "46.69", "46.90", "47.11", "49.41", "52.10", "56.10", "62.01",
           "68.20", "71.12"]
SYLLABLES = ["Nord", "Sud", "Alta", "Mar", "Terra", "Tech", "Lux", "Euro", "Pro", "Inter",
             "Nova", "Sol", "Berg", "Rio", "Vita", "Forte", "Delta", "Omni", "Vento", "Stella"]
FORMS = {"DE": "GmbH", "FR": "SAS", "IT": "S.r.l.", "ES": "S.L.", "NL": "B.V.", "PL": "Sp. z o.o.",
         "GB": "Ltd", "US": "Inc.", "JP": "K.K.", "BR": "Ltda", "TR": "A.Ş.", "IN": "Pvt Ltd",
         "MX": "S.A. de C.V.", "ZA": "(Pty) Ltd"}
TRADES = ["Trading", "Logistics", "Foods", "Textiles", "Components", "Systems", "Electronics",
          "Plastics", "Metals", "Furniture", "Packaging", "Tools", "Chemicals", "Lighting"]
CHINESE_WORDS = ["华信", "恒达", "远东", "新世纪", "金桥", "宏图", "东方", "瑞丰", "永盛", "中联",
                 "宝利", "凯盛", "鸿运", "海纳", "天成", "正泰", "嘉禾", "博远"]
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
    return _count(session)


def seed_insolvency(session: Session, as_of: dt.date) -> None:
    """The named buyer that went insolvent three weeks ago, once, on that day."""
    insolvent = session.scalar(select(Buyer.id).where(
        Buyer.country == INSOLVENT[0], Buyer.registration_number == INSOLVENT[1]))
    if insolvent is None or session.scalar(select(LegalEvent.id).where(
            LegalEvent.buyer_id == insolvent, LegalEvent.type == LegalEventType.INSOLVENCY)):
        return
    day = as_of - dt.timedelta(days=20)
    with on(day):
        add_event(session, insolvent, actor=SYSTEM, type=LegalEventType.INSOLVENCY, date=day,
                  detail="Insolvency proceedings opened.")


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
    rows, names = [], {name for _, _, name, *_ in NAMED}
    for n, pick in enumerate(picks):
        country, currency, per_euro, _ = COUNTRIES[pick]
        city = str(rng.choice(CITIES[country]))
        row: dict[str, object] = {
            "country": country, "registration_number": f"{country}-DEMO-{n:06d}",
            "name": _distinct_name(country, city, rng, names),
            "sector": SECTORS[rng.integers(len(SECTORS))], "city": city,
            "founded_year": int(rng.integers(1950, year)),
            "employees": int(rng.lognormal(3.5, 1.3)),
        }
        if rng.random() < 0.85:  # some buyers have no financials on file
            stale = rng.random() < 0.1
            revenue = float(rng.lognormal(16, 1.5)) * per_euro  # median about 9 million euros
            row |= {"fiscal_year": year - (2 if stale else 0), "currency": currency,
                    **_figures(revenue, rng)}
        rows.append(row)
    return rows


def _distinct_name(country: str, city: str, rng: np.random.Generator, taken: set[str]) -> str:
    """A name no other demo buyer has, so that a search lists companies one can tell apart."""
    while (name := _name(country, city, rng)) in taken:
        pass
    taken.add(name)
    return name


def _name(country: str, city: str, rng: np.random.Generator) -> str:
    if country == "CN":
        first, second = rng.choice(CHINESE_WORDS, 2, replace=False)
        return f"{city}{first}{second}{CHINESE_TRADES[rng.integers(len(CHINESE_TRADES))]}有限公司"
    first, second = rng.choice(SYLLABLES, 2, replace=False)
    return f"{first}{second.lower()} {rng.choice(TRADES)} {FORMS[country]}"
