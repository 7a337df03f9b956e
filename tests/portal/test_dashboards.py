"""Each role's home page on a small world (see dashboard_world), figures checked by hand, in
English and Chinese; an insured's dashboard shows nothing of another insured's."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from core.accounts.models import User
from tests.factories import World
from tests.portal.dashboard_world import TODAY, DashboardWorld, build_dashboards
from tests.portal.page_tables import tables
from tests.portal.test_pages import post, sign_in, text

TILE = re.compile(r'<(?:div|a) class="tile[^"]*"(?: href="[^"]*")?><b>(.*?)</b><span>(.*?)</span>')


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def dash(session: Session, world: World) -> DashboardWorld:
    return build_dashboards(session, world)


def home(client: FlaskClient, user: User, lang: str = "en") -> str:
    sign_in(client, user)
    if lang != "en":
        post(client, "/language", {"lang": lang, "next": "/"})
    answer = client.get("/")
    assert answer.status_code == 200
    return text(answer)


def tiles(page: str) -> dict[str, str]:
    return {label: figure for figure, label in TILE.findall(page)}


def test_the_insureds_cover_alerts_and_requests(client, world, dash):
    page = home(client, world.a.user)
    assert {k: tiles(page)[k] for k in ("Total cover: your active limits", "Active limits",
                                        "Buyers covered", "Requests pending",
                                        "Unread alerts")} == {
        "Total cover: your active limits": "175,000.00 EUR", "Active limits": "3",
        "Buyers covered": "3", "Requests pending": "1", "Unread alerts": "1"}
    by_grade, alerts, pending, _policies = tables(page)
    assert by_grade == [["Grade 3", "1", "100,000.00 EUR", "57.14 %"],
                        ["Grade 5", "1", "50,000.00 EUR", "28.57 %"],
                        ["Ungraded", "1", "25,000.00 EUR", "14.29 %"]]
    assert alerts == [["2026-02-25", "Ateliers de Lyon SA", "Grade worsened 4 → 5", "Mark read"]]
    assert pending == [["2026-02-20", "Ateliers de Lyon SA", world.a.policy.number,
                        "80,000.00 EUR", "90 days", "Referred to an underwriter"]]
    assert page.count("<svg") == 1  # the cover by grade, drawn


def test_an_insureds_dashboard_shows_nothing_of_another_insured(client, world, dash):
    page = home(client, world.a.admin)
    # B alone covers B4, was alerted on it, and asked for 15,000 on it
    for theirs in ("深圳华南电子有限公司", "15,000.00", "Grade 8", "500.00",
                   world.b.insured.name, world.b.policy.number, "225,000.00"):
        assert theirs not in page
    theirs = home(client, world.b.user)
    assert tiles(theirs)["Total cover: your active limits"] == "50,000.00 EUR"
    assert "Ateliers de Lyon SA" not in theirs and world.a.insured.name not in theirs


def test_the_insureds_dashboard_in_chinese(client, world, dash):
    page = home(client, world.a.user, "zh")
    assert '<html lang="zh-Hans">' in page
    assert tiles(page)["保障总额：您的有效限额"] == "175,000.00 EUR"
    by_grade = tables(page)[0]
    assert [row[0] for row in by_grade] == ["3 级", "5 级", "未评级"]
    assert "按评级划分的保障" in page and "待处理的申请" in page


def test_the_underwriters_queue_watch_list_and_concentration(client, world, dash):
    page = home(client, world.underwriter)
    assert {k: tiles(page)[k] for k in ("Referrals waiting", "Oldest referral waiting",
                                        "Buyers downgraded in 30 days",
                                        "Exposure, all insureds",
                                        "Share of the 10 largest buyers",
                                        "Concentration index (HHI, 0-10,000)")} == {
        "Referrals waiting": "2", "Oldest referral waiting": "10 days",
        "Buyers downgraded in 30 days": "2", "Exposure, all insureds": "225,000.00 EUR",
        "Share of the 10 largest buyers": "100.00 %",
        "Concentration index (HHI, 0-10,000)": "4,035"}
    moves, countries, top, _policies = tables(page)
    # the largest step first; B1's moves are too old or better, B5 is covered by no limit
    assert moves == [["2026-02-25", "深圳华南电子有限公司", "CN", "6 → 8", "20,000.00 EUR"],
                     ["2026-02-20", "Ateliers de Lyon SA", "FR", "4 → 5", "50,000.00 EUR"]]
    assert countries == [["Germany", "2", "155,000.00 EUR", "68.89 %"],
                         ["France", "1", "50,000.00 EUR", "22.22 %"],
                         ["China", "1", "20,000.00 EUR", "8.89 %"]]
    assert [row[1] for row in top] == ["Nordhandel GmbH", "Ateliers de Lyon SA",
                                       "Baugruppe Süd GmbH", "深圳华南电子有限公司"]
    assert page.count("<svg") == 2  # countries ranked, top buyers ranked


def test_the_underwriters_dashboard_in_chinese(client, world, dash):
    page = home(client, world.underwriter, "zh")
    assert tiles(page)["待审核的转人工申请"] == "2"
    assert [row[0] for row in tables(page)[1]] == ["德国", "法国", "中国"]
    assert "评级下调的买方" in page


def test_the_administrators_portfolio_and_premium(client, world, dash):
    page = home(client, world.insurer_admin)
    assert tiles(page)["Exposure, all insureds"] == "225,000.00 EUR"
    # 130,000 × 0.2 % × 45 % + 50,000 × 0.8 % × 45 % + 20,000 × 5 % × 45 %
    assert tiles(page)["Expected loss, one year"] == "747.00 EUR"
    by_grade, by_country, by_sector, premium, invoices, insureds, _staff = tables(page)
    assert by_grade[2] == ["Grade 8", "1", "20,000.00 EUR", "8.89 %", "450.00 EUR"]
    assert by_country[0] == ["Germany", "3", "155,000.00 EUR", "68.89 %", "117.00 EUR"]
    assert by_sector[1] == ["Manufacturing", "2", "70,000.00 EUR", "31.11 %", "630.00 EUR"]
    # January and February of A, January of B; A's January invoiced
    assert premium == [["EUR", "3", "1,600,000.00 EUR", "4,000.00 EUR", "1", "2,500.00 EUR"]]
    assert invoices == [["INV-2026-0001", world.a.insured.name, world.a.policy.number,
                         "Declared months", "2026-02-05", "2026-03-07", "2,500.00 EUR"]]
    assert len(insureds) == 2
    assert page.count("<svg") == 3


def test_the_administrators_dashboard_in_chinese(client, world, dash):
    page = home(client, world.insurer_admin, "zh")
    assert tiles(page)["预期损失（一年）"] == "747.00 EUR"
    assert tables(page)[2][1][0] == "制造业"
    assert "2026 年保费" in page


def test_each_role_has_its_own_dashboard(client, world, dash):
    headings = {"a.user": "Your cover by grade", "underwriter": "Deteriorating buyers",
                "insurer_admin": "Premium in 2026",
                "claims_handler": "the terms that decide a claim"}
    people = {"a.user": world.a.user, "underwriter": world.underwriter,
              "insurer_admin": world.insurer_admin, "claims_handler": world.claims_handler}
    own_tables = {"a.user": "cover-by-grade", "underwriter": "deteriorating-buyers",
                  "insurer_admin": "premium"}
    for who, user in people.items():
        page = home(client, user)
        for other, heading in headings.items():
            assert (heading in page) == (other == who), (who, heading)
        for other, table in own_tables.items():
            answer = client.get("/", query_string={"download": table, "format": "csv"})
            assert answer.status_code == (200 if other == who else 404), (who, table)
        post(client, "/sign-out", {})
