"""The portfolio report (docs/domain.md §8): exposure by grade, country and sector, the top buyers,
concentration and expected loss, for an insured (its own limits) or the insurer (all); and
its claims: by status, paid and the loss ratio per policy year, aged balances and DSO.

`portfolio()` reads and computes once; `tables()` gives the rows every format prints (JSON,
CSV, Excel, PDF), money as exact `Decimal` in the report's currency.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from core.actor import Actor
from core.clock import today
from core.money import round_money
from reports import claims_report, frames, queries
from reports import portfolio_text as words
from reports.rows import ExposureTables, GroupRow, PortfolioClaims, Summary, TopBuyerRow

TABLES = ("by_grade", "by_country", "by_sector", "top_buyers")
ALL_TABLES = (*TABLES, *claims_report.CLAIM_TABLES)


@dataclass(frozen=True)
class Portfolio:
    as_of: dt.date
    insured_id: int | None  # None: the insurer's whole portfolio
    currency: str
    converted: bool  # limits in several currencies, shown in `currency` at reference rates
    limits: pd.DataFrame  # per buyer and currency, as `queries.exposure_rows` reads them
    buyers: pd.DataFrame
    names: dict[int, str]  # of the top buyers
    claims: claims_report.ClaimsReport | None  # None: read without its claims

    @property
    def limit_count(self) -> int:
        return int(self.limits["limits"].sum())

    @property
    def exposure(self) -> int:
        return int(self.limits["exposure"].sum())

    @property
    def expected_loss(self) -> int:
        return int(self.limits["expected_loss"].sum())


def portfolio(session: Session, *, actor: Actor, with_claims: bool = True) -> Portfolio:
    """The actor's portfolio today: an insured's own active limits, or staff's view of all;
    with its claims and cases unless a reader needs the exposure alone (the dashboards)."""
    rows = queries.exposure_rows(session, actor=actor)
    currency = queries.reporting_currency(rows) if len(rows) else queries.REPORTING_CURRENCY
    limits = frames.with_expected_loss(queries.in_currency(rows, currency))
    buyers = frames.by_buyer(limits)
    top = [int(b) for b in frames.top_buyers(buyers)["buyer_id"].tolist()]
    return Portfolio(as_of=today(), insured_id=actor.insured_id, currency=currency,
                     converted=rows["currency"].nunique() > 1, limits=limits, buyers=buyers,
                     names=queries.buyer_names(session, top),
                     claims=claims_report.claims_report(session) if with_claims else None)


def money(portfolio: Portfolio, hundredths: int) -> Decimal:
    """Integer hundredths as an amount of the report's currency, to its minor unit."""
    return round_money(Decimal(int(hundredths)).scaleb(-2), portfolio.currency)


def summary(portfolio: Portfolio) -> Summary:
    concentration = frames.concentration(portfolio.buyers)
    return {
        "as_of": portfolio.as_of, "currency": portfolio.currency,
        "scope": "insurer" if portfolio.insured_id is None else "insured",
        "insured_id": portfolio.insured_id,
        "limits": portfolio.limit_count, "buyers": len(portfolio.buyers),
        "exposure": money(portfolio, portfolio.exposure),
        "expected_loss": money(portfolio, portfolio.expected_loss),
        "loss_given_default": Decimal(frames.LOSS_GIVEN_DEFAULT.numerator)
        / frames.LOSS_GIVEN_DEFAULT.denominator,
        "top_10_share": concentration["top_share"], "hhi": concentration["hhi"],
    }


def tables(portfolio: Portfolio, lang: str = "en") -> ExposureTables:
    """Every exposure table of the report."""
    return {"by_grade": _grouped(portfolio, "grade", words.grade_label, lang),
            "by_country": _grouped(portfolio, "country", words.country_label, lang),
            "by_sector": _grouped(portfolio, "section", words.sector_label, lang),
            "top_buyers": _top_buyers(portfolio, lang)}


def claims_tables(portfolio: Portfolio, lang: str = "en") -> PortfolioClaims:
    """The claims tables of the report (see `claims_report`), and claims paid per currency."""
    if portfolio.claims is None:
        raise ValueError("This portfolio was read without its claims.")
    rows = claims_report.claims_tables(portfolio.claims,
                                       lambda code: words.claim_status_label(code, lang))
    return {"claims_paid": claims_report.claims_paid(rows), **rows}


def _present(value: Any) -> Any:
    return None if pd.isna(value) else value


def _grouped(portfolio: Portfolio, column: str, label: Callable[[Any, str], str],
             lang: str) -> list[GroupRow]:
    total = portfolio.exposure
    rows: list[GroupRow] = []
    for row in frames.exposure_by(portfolio.limits, column).itertuples(index=False):
        key = _present(getattr(row, column))
        key = int(key) if column == "grade" and key is not None else key
        rows.append({"key": key, "label": label(key, lang), "limits": int(row.limits),
                     "buyers": int(row.buyers), "exposure": money(portfolio, row.exposure),
                     "share": frames.share(int(row.exposure), total),
                     "expected_loss": money(portfolio, row.expected_loss)})
    return rows


def _top_buyers(portfolio: Portfolio, lang: str) -> list[TopBuyerRow]:
    total = portfolio.exposure
    rows: list[TopBuyerRow] = []
    for rank, row in enumerate(frames.top_buyers(portfolio.buyers).itertuples(index=False), 1):
        grade, pd_, buyer_id = _present(row.grade), _present(row.pd), int(row.buyer_id)
        rows.append({"rank": rank, "buyer_id": buyer_id, "name": portfolio.names[buyer_id],
                     "country": row.country,
                     "country_name": words.country_label(row.country, lang),
                     "grade": None if grade is None else int(grade),
                     "pd": None if pd_ is None else float(pd_), "limits": int(row.limits),
                     "exposure": money(portfolio, row.exposure),
                     "share": frames.share(int(row.exposure), total),
                     "expected_loss": money(portfolio, row.expected_loss)})
    return rows
