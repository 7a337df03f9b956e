"""The claims handler's home: collection cases by stage and the deadlines to watch, claims by
status, claims paid and the loss ratio per policy year, aged balances and DSO. The figures
are the portfolio report's (`reports.claims_report`), for every insured."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select

from buyers_db.models import Buyer
from claims.deadlines import Deadline, case_deadlines
from claims.models import CollectionCase
from core.accounts.models import Insured
from core.actor import Actor
from core.clock import today
from portal.database import db
from portal.pages import claim_labels, labels
from portal.pages.claim_views import work_queue
from portal.pages.columns import word
from portal.pages.dashboard_columns import percent
from portal.pages.downloads import Column, Listing, Table
from reports import charts
from reports.claims_frames import BUCKETS
from reports.claims_queries import open_cases
from reports.claims_report import claims_paid, claims_report, claims_tables
from reports.rows import BUCKET_KEYS, AgedRow
from underwriting.policies.terms import CollectionStage

MOST_DEADLINES = 50


@dataclass(frozen=True)
class Watched:
    """A deadline on an open case that is missed or near (claims.deadlines' warning)."""

    case: CollectionCase
    insured: str
    buyer: str
    deadline: Deadline


def stage_rows(stages: dict[str | None, int]) -> list[dict[str, Any]]:
    """Open cases per stage, in the ladder's order, those before any stage first."""
    order: list[str | None] = [None, *[stage.value for stage in CollectionStage]]
    return [{"stage": s, "label": _capital(str(labels.VALUES[s] if s else _l("No stage yet"))),
             "cases": stages.get(s, 0)} for s in order]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def watched(cases: Sequence[CollectionCase]) -> list[Watched]:
    """The missed or near deadlines of `cases`, soonest first."""
    day = today()
    insureds = dict(db.session.execute(select(Insured.id, Insured.name)).tuples().all())
    buyers = dict(db.session.execute(select(Buyer.id, Buyer.name).where(
        Buyer.id.in_({c.buyer_id for c in cases}))).tuples().all())
    found = [Watched(case, insureds.get(case.insured_id, ""), buyers.get(case.buyer_id, ""), d)
             for case in cases for d in case_deadlines(db.session, case, day) if d.warning]
    return sorted(found, key=lambda w: (w.deadline.date, w.case.id))[:MOST_DEADLINES]


STAGES = Table("cases-by-stage", [Column(_l("Stage"), lambda r: r["label"]),
                                  Column(_l("Cases"), lambda r: r["cases"])])

DEADLINES = Table("deadlines", [
    Column(_l("Date"), lambda w: w.deadline.date),
    Column(_l("Deadline"), lambda w: word(claim_labels.DEADLINES, w.deadline.kind)),
    Column(_l("Met"), lambda w: str(_l("missed")) if w.deadline.met is False else ""),
    Column(_l("Days left"), lambda w: w.deadline.days_left),
    Column(_l("Case"), lambda w: w.case.id),
    Column(_l("Insured"), lambda w: w.insured),
    Column(_l("Buyer"), lambda w: w.buyer),
    Column(_l("Invoice"), lambda w: w.deadline.invoice_number),
])

CLAIMS = Table("claims-by-status", [
    Column(_l("Status"), lambda r: r["label"]),
    Column(_l("Currency"), lambda r: r["currency"]),
    Column(_l("Claims"), lambda r: r["claims"]),
    Column(_l("Indemnity"), lambda r: r["indemnity"]),
    Column(_l("Paid"), lambda r: r["paid"]),
])

LOSS_RATIOS = Table("loss-ratios", [
    Column(_l("Policy"), lambda r: r["policy"]),
    Column(_l("Insured"), lambda r: r["insured"]),
    Column(_l("Policy year from"), lambda r: r["year_start"]),
    Column(_l("Policy year to"), lambda r: r["year_end"]),
    Column(_l("Claims"), lambda r: r["claims"]),
    Column(_l("Claims paid"), lambda r: r["claims_paid"]),
    Column(_l("Recovered"), lambda r: r["recovered"]),
    Column(_l("Premium"), lambda r: r["premium"]),
    Column(_l("Currency"), lambda r: r["currency"]),
    Column(_l("Loss ratio (%)"),
           lambda r: None if r["loss_ratio"] is None else percent(r["loss_ratio"])),
])

BUCKET_HEADERS = {"days_0_30": _l("0-30 days"), "days_31_60": _l("31-60 days"),
                  "days_61_90": _l("61-90 days"), "days_over_90": _l("Over 90 days")}
AGED = Table("aged-balances", [
    Column(_l("Currency"), lambda r: r["currency"]),
    *[Column(BUCKET_HEADERS[key], itemgetter(key)) for key in BUCKET_KEYS],
    Column(_l("Total"), lambda r: r["total"]),
    Column(_l("DSO (days)"), lambda r: r["dso"]),
])


def aged_charts(aged: Sequence[AgedRow]) -> list[tuple[str, Markup]]:
    """Per currency, what is owed by age: the older, the further right."""
    return [(row["currency"], Markup(charts.column_chart(  # noqa: S704 - labels escaped
        [(bucket, row[key]) for bucket, key in zip(BUCKETS, BUCKET_KEYS, strict=True)],
        colour=charts.COLOURS[0], unit=row["currency"]))) for row in aged]


def claims_handler(actor: Actor) -> tuple[dict[str, Any], list[Listing]]:
    report = claims_report(db.session)
    rows = claims_tables(report, lambda code: str(word(claim_labels.CLAIM_STATUSES, code)))
    stages = stage_rows(report.stages)
    deadlines = watched(open_cases(db.session))
    context = {
        "claim_deadline_label": lambda kind: word(claim_labels.DEADLINES, kind),
        "stages": stages, "deadlines": deadlines, "paid": claims_paid(rows),
        "open_cases": sum(report.stages.values()), **rows,
        "in_progress": sum(r["claims"] for r in rows["claims_by_status"]
                           if r["status"] in ("open", "assessed", "approved")),
        "stage_chart": Markup(charts.column_chart(  # noqa: S704 - labels escaped by charts
            [(r["label"], r["cases"]) for r in stages], colour=charts.COLOURS[2])),
        "aged_charts": aged_charts(rows["aged_balances"]),
        "queue": work_queue(),
    }
    return context, [Listing(STAGES, stages), Listing(DEADLINES, deadlines),
                     Listing(CLAIMS, rows["claims_by_status"]),
                     Listing(LOSS_RATIOS, rows["loss_ratios"]),
                     Listing(AGED, rows["aged_balances"])]
