"""Claims in the portfolio report (domain §8): claims by status, claims paid and the loss ratio
per policy year, and the aged balances and DSO of the collection cases not yet closed.

`claims_report()` reads once; `claims_tables()` gives the rows every format prints (JSON, CSV,
Excel, PDF, the dashboards), money as exact `Decimal`. See `claims_frames` for the rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.states import ClaimStatus
from core.accounts.models import Insured
from core.clock import today
from core.money import round_money
from reports import claims_frames as frames
from reports import claims_queries as queries
from reports.rows import BUCKET_KEYS, AgedRow, ClaimsTables, LossRatioRow, PaidRow, StatusRow
from underwriting.policies.models import Policy
from underwriting.premium import policy_year_of, year_premium

CLAIM_TABLES = ("claims_by_status", "loss_ratios", "aged_balances")
STATUS_ORDER = tuple(status.value for status in ClaimStatus)


@dataclass(frozen=True)
class ClaimsReport:
    as_of: dt.date
    claims: pd.DataFrame  # per claim, with its `year_start` (see claims_frames)
    invoices: pd.DataFrame  # of the open cases, with what is outstanding
    stages: dict[str | None, int]  # open cases per collection stage (None: none reached)
    policies: dict[int, Policy]
    premiums: dict[tuple[int, dt.date], Decimal]  # the premium of each policy year
    insureds: dict[int, str]


def claims_report(session: Session) -> ClaimsReport:
    """What the session may see of claims and cases (its tenant's, or all for staff)."""
    claims = queries.claim_rows(session)
    ids = sorted({int(i) for i in claims["policy_id"].tolist()})
    policies = {p.id: p for p in session.scalars(select(Policy).where(Policy.id.in_(ids)))}
    claims["year_start"] = [_year_start(policies[int(p)], day) for p, day in
                            zip(claims["policy_id"], claims["notified_on"], strict=True)]
    years = {(int(p), y) for p, y in zip(claims["policy_id"], claims["year_start"], strict=True)}
    premiums = {(p, y): year_premium(session, policies[p], y) for p, y in sorted(years)}
    cases = queries.open_cases(session)
    insured_ids = {p.insured_id for p in policies.values()}
    names = dict(session.execute(select(Insured.id, Insured.name)
                                 .where(Insured.id.in_(insured_ids))).tuples().all())
    return ClaimsReport(
        as_of=today(), claims=claims, invoices=queries.outstanding_invoices(cases),
        stages=dict(Counter(None if c.stage is None else c.stage.value for c in cases)),
        policies=policies, premiums=premiums, insureds=names)


def _year_start(policy: Policy, notified_on: dt.date) -> dt.date:
    day = min(max(notified_on, policy.start_date), policy.end_date)
    year = policy_year_of(policy, day)
    assert year is not None  # a day inside the policy period
    return year.start


def amount(hundredths: int, currency: str) -> Decimal:
    return round_money(Decimal(int(hundredths)).scaleb(-2), currency)


def claims_tables(report: ClaimsReport, status_label: Callable[[str], str]) -> ClaimsTables:
    """Every claims table; `status_label(code)` names a status."""
    return {"claims_by_status": _by_status(report, status_label),
            "loss_ratios": _loss_ratios(report), "aged_balances": _aged(report)}


def _by_status(report: ClaimsReport, status_label: Callable[[str], str]) -> list[StatusRow]:
    if report.claims.empty:
        return []
    rows = frames.by_status(report.claims, STATUS_ORDER)
    return [{"status": r.status, "label": status_label(r.status), "currency": r.currency,
             "claims": int(r.claims), "indemnity": amount(r.indemnity, r.currency),
             "paid": amount(r.paid, r.currency)} for r in rows.itertuples(index=False)]


def _loss_ratios(report: ClaimsReport) -> list[LossRatioRow]:
    if report.claims.empty:
        return []
    rows: list[LossRatioRow] = []
    for r in frames.paid_by_policy_year(report.claims).itertuples(index=False):
        policy = report.policies[int(r.policy_id)]
        premium = report.premiums[(policy.id, r.year_start)]
        year = policy_year_of(policy, r.year_start)
        assert year is not None
        rows.append({
            "policy_id": policy.id, "policy": policy.number,
            "insured": report.insureds.get(policy.insured_id, ""),
            "year_start": year.start, "year_end": year.end, "currency": r.currency,
            "claims": int(r.claims), "paid_claims": int(r.paid_claims),
            "claims_paid": amount(r.paid, r.currency),
            "recovered": amount(r.recovered, r.currency), "premium": premium,
            "loss_ratio": frames.loss_ratio(int(r.paid), int(premium * 100))})
    return rows


def _aged(report: ClaimsReport) -> list[AgedRow]:
    if report.invoices.empty:
        return []
    days = frames.dso(report.invoices, report.as_of)
    rows: list[AgedRow] = []
    for r in frames.aged_balances(report.invoices, report.as_of).to_dict("records"):
        currency = str(r["currency"])
        owed = {key: amount(r[bucket], currency)
                for key, bucket in zip(BUCKET_KEYS, frames.BUCKETS, strict=True)}
        rows.append({"currency": currency, "days_0_30": owed["days_0_30"],
                     "days_31_60": owed["days_31_60"], "days_61_90": owed["days_61_90"],
                     "days_over_90": owed["days_over_90"],
                     "total": amount(r["total"], currency), "dso": days.get(currency)})
    return rows


def claims_paid(tables: ClaimsTables) -> list[PaidRow]:
    """Claims paid per currency (the `paid` row of claims by status)."""
    return [{"currency": r["currency"], "claims": r["claims"], "amount": r["paid"]}
            for r in tables["claims_by_status"] if r["status"] == ClaimStatus.PAID.value]
