"""The claims handler's home on a hand-built world of cases and claims (claims_analytics_world):
cases by stage, deadlines missed or near, claims by status, loss ratios, aged balances and DSO,
in English and Chinese, each table downloadable; no other role gets it."""

from __future__ import annotations

import pytest

from tests.portal.dashboard_world import TODAY, build_dashboards
from tests.portal.page_tables import csv_rows, tables, xlsx_rows
from tests.portal.test_dashboards import home, tiles
from tests.reports.claims_analytics_world import build_claims


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def claims(session, world):
    build_claims(session, world, build_dashboards(session, world))


def test_the_claims_handlers_dashboard(client, world, claims):
    page = home(client, world.claims_handler)
    assert {k: tiles(page)[k] for k in (
        "Collection cases not closed", "Deadlines missed or near", "Claims in progress",
        "Paid on 2 claims", "Outstanding on open cases")} == {
        "Collection cases not closed": "4", "Deadlines missed or near": "1",
        "Claims in progress": "1", "Paid on 2 claims": "12,000.00 EUR",
        "Outstanding on open cases": "37,000.00 EUR"}
    assert "DSO 126.6 days" in page
    stages, aged, deadlines, by_status, ratios, _policies = tables(page)
    assert stages == [["No stage yet", "2"], ["Reminder", "0"], ["Call", "1"],
                      ["Formal demand", "0"], ["Legal action", "1"]]
    assert aged == [["EUR", "6,000.00", "5,000.00", "6,000.00", "20,000.00", "37,000.00",
                     "126.6"]]
    # B4's invoice, due 2025-10-01: MEP expired 2025-11-30, notify by 2025-12-30
    assert deadlines == [["2025-12-30", "Notify the overdue missed", "-62", deadlines[0][3],
                          world.b.insured.name, "Ateliers de Lyon SA", deadlines[0][6]]]
    assert by_status == [["Approved", "EUR", "1", "18,000.00", "0.00"],
                         ["Rejected", "EUR", "1", "0.00", "0.00"],
                         ["Paid", "EUR", "2", "12,000.00", "12,000.00"]]
    assert [r[7] for r in ratios] == ["257.14 %", "600.00 %"]
    assert page.count("<svg") == 2  # cases by stage, aged balances


def test_the_claims_handlers_dashboard_in_chinese(client, world, claims):
    page = home(client, world.claims_handler, "zh")
    assert tiles(page)["未结催收案件"] == "4"
    stages, *_ = tables(page)
    assert [row[0] for row in stages] == ["尚未进入催收阶段", "付款提醒", "电话催收", "正式催款函",
                                          "法律诉讼"]
    assert "赔付率" in page and "账龄余额" in page


def test_its_tables_download_as_shown(client, world, claims):
    home(client, world.claims_handler)
    header, rows = csv_rows(client.get("/?download=loss-ratios&format=csv"))
    assert header[-1] == "Loss ratio (%)"
    assert [(r[0], r[5], r[7], r[9]) for r in rows] == [
        (world.a.policy.number, "9000.00", "3500.00", "257.14"),
        (world.b.policy.number, "3000.00", "500.00", "600.00")]
    header, book = xlsx_rows(client.get("/?download=aged-balances&format=xlsx"))
    assert header == ["Currency", "0-30 days", "31-60 days", "61-90 days", "Over 90 days",
                      "Total", "DSO (days)"]
    assert book == [["EUR", 6000, 5000, 6000, 20000, 37000, 126.6]]
    _, deadlines = csv_rows(client.get("/?download=deadlines&format=csv"))
    assert [(r[0], r[1], r[2]) for r in deadlines] == [
        ("2025-12-30", "Notify the overdue", "missed")]


def test_no_other_role_gets_the_claims_tables(client, world, claims):
    for user in (world.a.user, world.underwriter, world.insurer_admin):
        page = home(client, user)
        assert "Cases by stage" not in page
        assert client.get("/?download=loss-ratios&format=csv").status_code == 404
