"""Every table on the pages downloads as CSV and Excel with the rows the page shows, headed in
the page's language, and never with another insured's rows."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.accounts.models import User
from core.tenancy import Scope, tenant_scope
from tests.factories import World
from tests.portal.dashboard_world import TODAY, DashboardWorld, build_dashboards
from tests.portal.page_tables import amount, csv_rows, tables, xlsx_rows
from tests.portal.test_pages import post, sign_in, text
from underwriting.limits.models import CreditLimit, LimitRequest


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def dash(session: Session, world: World) -> DashboardWorld:
    return build_dashboards(session, world)


def shown(client: FlaskClient, path: str, **args: str) -> list[list[list[str]]]:
    answer = client.get(path, query_string=args)
    assert answer.status_code == 200
    return tables(text(answer))


def both(client: FlaskClient, path: str, table: str, **args: str) -> tuple[list, list, list]:
    """The CSV's header and rows, and the workbook's rows, of one table of a page."""
    header, rows = csv_rows(client.get(path, query_string={**args, "download": table,
                                                           "format": "csv"}))
    book_header, book_rows = xlsx_rows(client.get(path, query_string={
        **args, "download": table, "format": "xlsx"}))
    assert book_header == header and len(book_rows) == len(rows)
    return header, rows, book_rows


def as_(client: FlaskClient, user: User, lang: str = "en") -> None:
    sign_in(client, user)
    if lang != "en":
        post(client, "/language", {"lang": lang, "next": "/"})


def test_the_dashboards_tables_download_as_shown(client, world, dash):
    as_(client, world.a.user)
    by_grade = shown(client, "/")[0]
    header, rows, book = both(client, "/", "cover-by-grade")
    assert header == ["Grade", "Limits", "Buyers", "Exposure", "Currency", "Share (%)",
                      "Expected loss"]
    assert [[r[0], r[1], r[3], r[5] + " %"] for r in rows] == [
        [label, limits, amount(cover), share] for label, limits, cover, share in by_grade]
    assert [r[3] for r in book] == [100000, 50000, 25000]  # numbers, not text
    _, alerts, _ = both(client, "/", "alerts")
    assert alerts == [["2026-02-25", "Ateliers de Lyon SA", "Grade worsened", "4", "5"]]
    header, pending, _ = both(client, "/", "limit-requests")
    assert "Insured" not in header  # an insured's own rows need no insured column
    assert [(r[1], r[3], r[5], r[8]) for r in pending] == [
        ("Ateliers de Lyon SA", "80000.00", "EUR", "Referred to an underwriter")]


def test_headers_follow_the_pages_language(client, world, dash):
    as_(client, world.underwriter, "zh")
    header, moves, _ = both(client, "/", "deteriorating-buyers")
    assert header == ["日期", "买方", "国家/地区", "原评级", "评级", "风险敞口", "币种"]
    assert [(m[1], m[3], m[4], m[5]) for m in moves] == [
        ("深圳华南电子有限公司", "6", "8", "20000.00"),
        ("Ateliers de Lyon SA", "4", "5", "50000.00")]
    header, countries, _ = both(client, "/", "exposure-by-country")
    assert [c[0] for c in countries] == ["德国", "法国", "中国"]


def test_an_insureds_downloads_hold_only_its_own_rows(client, world, dash):
    as_(client, world.a.user)
    page = shown(client, "/limits")[0]
    header, rows, book = both(client, "/limits", "credit-limits")
    assert "Insured" not in header
    assert [r[0] for r in rows] == [r[0] for r in page] == [r[0] for r in book]
    assert sorted(r[0] for r in rows) == ["Ateliers de Lyon SA", "Baugruppe Süd GmbH",
                                          "Nordhandel GmbH"]
    assert [amount(r[4]) for r in page] == [r[4] for r in rows]
    _, requests, _ = both(client, "/limits/requests", "limit-requests")
    assert [r[1] for r in requests] == ["Ateliers de Lyon SA"]  # not B's request on B4


def test_staff_download_every_insureds_rows(client, world, dash):
    as_(client, world.underwriter)
    header, rows, _ = both(client, "/limits", "credit-limits")
    assert header[:2] == ["Insured", "Buyer"] and len(rows) == 5
    assert [r[:2] for r in shown(client, "/limits")[0]] == [r[:2] for r in rows]
    header, queue, book = both(client, "/underwriting/queue", "referral-queue")
    assert [(r[1], r[2], r[4]) for r in queue] == [
        (world.a.insured.name, "Ateliers de Lyon SA", "80000.00"),
        (world.b.insured.name, "深圳华南电子有限公司", "15000.00")]
    assert book[0][0] == dt.datetime(2026, 2, 20, 9, 30)


def test_buyer_search_downloads_its_matches(client, world, dash):
    as_(client, world.a.user)
    page = shown(client, "/buyers", q="GmbH")[0]
    _, rows, _ = both(client, "/buyers", "buyers", q="GmbH")
    assert [r[0] for r in rows] == [r[0] for r in page]
    assert {r[0] for r in rows} == {"Nordhandel GmbH", "Baugruppe Süd GmbH"}
    grades = {r[0]: (r[4], r[5]) for r in rows}
    assert grades["Nordhandel GmbH"] == ("3", "0.20") and grades["Baugruppe Süd GmbH"] == ("", "")


def test_administration_lists_download(client, world, dash):
    as_(client, world.insurer_admin)
    _, insureds, _ = both(client, "/admin/insureds", "insureds")
    assert sorted(r[0] for r in insureds) == sorted([world.a.insured.name, world.b.insured.name])
    _, staff, _ = both(client, "/admin/staff", "users")
    assert sorted(r[2] for r in staff) == ["Claims handler", "Insurer administrator",
                                           "Underwriter"]
    page = f"/insureds/{world.a.insured.id}"
    _, users, _ = both(client, page, "users")
    assert sorted(r[0] for r in users) == sorted([world.a.admin.email, world.a.user.email])
    header, policies, _ = both(client, page, "policies")
    assert policies[0][:5] == [world.a.policy.number, "EUR", "2026-01-01", "2026-12-31",
                               "In force"]
    assert dict(zip(header, policies[0], strict=True))["Premium rate %"] == "0.25"
    _, home_insureds, _ = both(client, "/", "insureds")
    assert sorted(r[3] for r in home_insureds) == ["2", "2"]  # users each


def test_tokens_download_without_the_secret(client, world, dash):
    as_(client, world.a.admin)
    post(client, "/account/tokens", {"name": "ERP"}, page="/account/tokens")
    _, rows, _ = both(client, "/account/tokens", "api-tokens")
    assert [(r[0], r[4]) for r in rows] == [("ERP", "Active")]
    assert len(rows[0][1]) < 16  # the prefix people see, not the token


def test_a_table_the_page_does_not_show_is_not_found(client, world, dash):
    as_(client, world.a.user)
    for args in ({"download": "referral-queue"}, {"download": "premium"},
                 {"download": "cover-by-grade", "format": "pdf"}):
        assert client.get("/", query_string=args).status_code == 404
    assert client.get("/underwriting/queue", query_string={"download": "referral-queue"}
                      ).status_code == 403


def test_the_portfolio_report_downloads_from_the_pages(client, world, dash):
    as_(client, world.a.user)
    answer = client.get("/reports/portfolio.xlsx")
    header, rows = xlsx_rows(answer)
    assert dict(zip(header, rows[0], strict=True))["exposure"] in (Decimal("175000.00"), 175000)
    pdf = client.get("/reports/portfolio.pdf?lang=zh")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert client.get("/reports/portfolio.docx").status_code == 404


LINK = re.compile(r'href="([^"]*[?&](?:amp;)?download=[^"]*)"')


def _links_work(client: FlaskClient, path: str) -> int:
    """Every download link on the page answers its file, and both files hold the same rows."""
    links = [html.unescape(link) for link in LINK.findall(text(client.get(path)))]
    assert links, path
    for csv_link in [link for link in links if "format=csv" in link]:
        answer = client.get(csv_link)
        assert answer.headers["Content-Type"] == "text/csv; charset=utf-8", csv_link
        header, rows = csv_rows(answer)
        book_header, book = xlsx_rows(client.get(csv_link.replace("format=csv", "format=xlsx")))
        assert header == book_header and len(rows) == len(book), csv_link
    return len(links)


def test_every_download_link_on_every_page_answers(client, session, world, dash):
    with tenant_scope(Scope.everyone()):
        limit_id = session.scalars(select(CreditLimit.id).where(
            CreditLimit.insured_id == world.a.insured.id)).first()
        referral_id = session.scalars(select(LimitRequest.id)).first()
    b1 = dash.buyers.b1.id
    pages = {
        world.a.admin: ["/", "/limits", "/limits?ended=1", "/limits/requests?status=referred",
                        "/buyers?q=GmbH", f"/buyers/{b1}", f"/limits/{limit_id}",
                        f"/insureds/{world.a.insured.id}", "/account/tokens", "/cases", "/claims"],
        world.underwriter: ["/", "/limits", "/underwriting/queue", f"/buyers/{b1}",
                            f"/underwriting/requests/{referral_id}", f"/limits/{limit_id}"],
        world.insurer_admin: ["/", "/admin/insureds", "/admin/staff",
                              f"/insureds/{world.b.insured.id}"],
        world.claims_handler: ["/", "/cases", "/claims"],
    }
    for user, paths in pages.items():
        as_(client, user)
        for path in paths:
            assert _links_work(client, path) >= 2, path
        post(client, "/sign-out", {})
