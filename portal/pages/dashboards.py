"""What each role's home page shows (docs/domain.md §8). The figures come from reports/, the charts
from `reports.charts`, and every table is a `Listing`, so it downloads like any other.

Each board returns the template's context and the tables on the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from core.accounts import services as accounts
from core.actor import Actor, Role
from core.clock import today
from portal.database import db
from portal.pages import claim_views, claims_board, columns, home_admin
from portal.pages import dashboard_columns as board_columns
from portal.pages import limit_views as views
from portal.pages.broker_pages import broker_board
from portal.pages.downloads import Listing
from portal.pages.labels import money
from reports import charts
from reports.portfolio import Portfolio, portfolio, summary, tables
from reports.rows import ExposureTables, GroupRow
from reports.watch import WATCH_DAYS, worsened_grades
from underwriting.limits.models import RequestStatus

Board = tuple[dict[str, Any], list[Listing]]
CHART_BARS = 12  # bars in a ranked chart; the table beside it lists every row


def language() -> str:
    return "zh" if str(get_locale()) == "zh" else "en"


def grade_chart(by_grade: Sequence[GroupRow]) -> Markup:
    """Exposure per grade, best grade on the left, the ungraded last."""
    columns_ = [(str(r["key"]) if r["key"] is not None else r["label"], r["exposure"])
                for r in by_grade]
    return Markup(charts.column_chart(columns_))  # noqa: S704 - labels escaped by charts


def ranked_chart(rows: Sequence[Mapping[str, Any]], currency: str, label: str = "label",
                 colour: str = charts.COLOURS[0]) -> Markup:
    """The largest rows as bars, each with its amount printed as the page prints money."""
    bars = [(str(r[label]), r["exposure"], money(r["exposure"], currency))
            for r in rows[:CHART_BARS]]
    return Markup(charts.bar_chart(bars, colour=colour))  # noqa: S704 - labels escaped


def _portfolio_context(report: Portfolio) -> tuple[dict[str, Any], ExposureTables]:
    rows = tables(report, language())
    head = summary(report)
    return {"portfolio": head, "converted": report.converted, **rows}, rows


def insured(actor: Actor) -> Board:
    """The insured's cover by grade, its total, its unread alerts and requests pending."""
    report = portfolio(db.session, actor=actor, with_claims=False)
    context, rows = _portfolio_context(report)
    alerts = views.unread_alerts()
    pending = views.request_rows(RequestStatus.REFERRED)
    context.update(grade_chart=grade_chart(rows["by_grade"]), alerts=alerts, pending=pending,
                   **claim_views.open_counts())
    listings = [
        Listing(board_columns.grouped_table("cover-by-grade", _l("Grade"), report.currency),
                rows["by_grade"]),
        Listing(columns.ALERTS, alerts),
        Listing(columns.REQUESTS.seen_by(staff=False), pending),
    ]
    if actor.role is Role.INSURED_ADMIN:
        users = accounts.list_users(db.session, actor=actor, insured_id=actor.insured_id)
        context["users"] = users
        listings.append(Listing(columns.USERS, users))
    return context, listings


def underwriter(actor: Actor) -> Board:
    """The referral queue, exposure by country, deteriorating buyers, top buyers."""
    report = portfolio(db.session, actor=actor, with_claims=False)
    context, rows = _portfolio_context(report)
    waiting, oldest = views.queue_summary()
    moves = worsened_grades(db.session, report, until=today())
    context.update(
        waiting=waiting, oldest=oldest,
        waited_days=days_since(oldest),
        moves=moves, watch_days=WATCH_DAYS,
        country_chart=ranked_chart(rows["by_country"], report.currency),
        top_chart=ranked_chart(rows["top_buyers"], report.currency, label="name",
                               colour=charts.COLOURS[1]))
    currency = report.currency
    return context, [
        Listing(board_columns.grouped_table("exposure-by-country", _l("Country"), currency),
                rows["by_country"]),
        Listing(board_columns.moves_table(currency), moves),
        Listing(board_columns.top_buyers_table(currency), rows["top_buyers"]),
    ]


def insurer_admin(actor: Actor) -> Board:
    """The portfolio by grade, country and sector with expected loss; premium; insureds."""
    report = portfolio(db.session, actor=actor, with_claims=False)
    context, rows = _portfolio_context(report)
    currency = report.currency
    context.update(
        grade_chart=grade_chart(rows["by_grade"]),
        country_chart=ranked_chart(rows["by_country"], currency),
        sector_chart=ranked_chart(rows["by_sector"], currency, colour=charts.COLOURS[2]))
    premium_context, premium_listings = home_admin.premium_and_people(actor, today().year)
    context.update(premium_context)
    return context, [
        Listing(board_columns.grouped_table("exposure-by-grade", _l("Grade"), currency),
                rows["by_grade"]),
        Listing(board_columns.grouped_table("exposure-by-country", _l("Country"), currency),
                rows["by_country"]),
        Listing(board_columns.grouped_table("exposure-by-sector", _l("Sector"), currency),
                rows["by_sector"]),
        *premium_listings,
    ]


BOARDS: dict[Role, Callable[[Actor], Board]] = {
    Role.INSURED_USER: insured, Role.INSURED_ADMIN: insured, Role.UNDERWRITER: underwriter,
    Role.CLAIMS_HANDLER: claims_board.claims_handler, Role.INSURER_ADMIN: insurer_admin,
    Role.BROKER_USER: broker_board, Role.BROKER_ADMIN: broker_board,
}


def days_since(moment: dt.datetime | None) -> int | None:
    return None if moment is None else (today() - moment.date()).days
