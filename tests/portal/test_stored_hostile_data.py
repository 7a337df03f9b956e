"""Data stored before the door refused it (control characters in a name, dates at the ends of
the calendar) must not break what reads it later: exports and the daily jobs. And no document
or download is kept by a browser or a proxy."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from core.tenancy import Scope, tenant_scope
from tests.factories import make_policy
from tests.portal.dashboard_world import TODAY, build_dashboards
from tests.portal.page_tables import csv_rows, xlsx_rows
from tests.portal.test_pages import sign_in
from tests.premium_world import run_premium_day
from underwriting.premium.years import policy_years


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCI_TODAY", TODAY)


def test_control_characters_already_stored_do_not_break_the_excel_exports(
    client, session: Session, world
) -> None:
    build_dashboards(session, world)
    sign_in(client, world.underwriter)
    _header, rows = csv_rows(client.get("/limits", query_string={"download": "credit-limits",
                                                                   "format": "csv"}))
    name = rows[0][1]
    with tenant_scope(Scope.everyone()):
        session.execute(update(Buyer).where(Buyer.name == name)
                        .values(name="Bad\u0001Name\u000bLtd"))
    session.commit()
    answer = client.get("/limits", query_string={"download": "credit-limits", "format": "xlsx"})
    _header, book = xlsx_rows(answer)
    assert "Bad\ufffdName\ufffdLtd" in {row[1] for row in book}
    assert answer.headers["Cache-Control"] == "no-store"


def test_documents_and_downloads_are_not_stored_by_browsers(client, session: Session, world):
    build_dashboards(session, world)
    sign_in(client, world.underwriter)
    for args in ({"download": "credit-limits", "format": "csv"},
                 {"download": "credit-limits", "format": "xlsx"}):
        assert client.get("/limits", query_string=args).headers["Cache-Control"] == "no-store"
    report = client.get("/reports/portfolio.pdf")
    assert report.status_code == 200 and report.mimetype == "application/pdf"
    assert report.headers["Cache-Control"] == "no-store"


def test_policy_dates_at_the_calendars_ends_do_not_break_the_premium_job(
    app, session: Session, world
) -> None:
    with tenant_scope(Scope.everyone()):
        endless = make_policy(session, world.a.insured, number="POL-ENDLESS",
                              start_date=dt.date(1, 1, 1), end_date=dt.date(9999, 12, 31))
        session.commit()
        years = policy_years(endless)
    assert (years[0].start, years[-1].start) == (dt.date(1899, 1, 1), dt.date(2199, 1, 1))
    assert years[-1].end == dt.date(2199, 12, 31)
    outcomes = run_premium_day(app, dt.date(2026, 3, 21))
    assert outcomes and {o.status for o in outcomes} == {"done"}, outcomes
