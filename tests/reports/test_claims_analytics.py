"""Claims analytics on a hand-built world (see claims_analytics_world): claims by status and
paid, the loss ratio per policy year against the year's premium, aged balances and DSO, in
the portfolio report's JSON, CSV and workbook; an insured sees its own alone."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.portal.dashboard_world import TODAY, build_dashboards
from tests.reports.claims_analytics_world import build_claims
from tests.reports.test_portfolio_downloads import _pdf_text


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def claims(session, world):
    build_claims(session, world, build_dashboards(session, world))


def report(client, world, who, **params):
    answer = client.get("/api/v1/reports/portfolio", query_string=params,
                        headers=world.as_(who))
    assert answer.status_code == 200, answer.data[:300]
    return answer


def test_claims_by_status_and_paid(client, world, claims):
    body = report(client, world, "claims_handler").json
    assert [(r["status"], r["label"], r["claims"], r["indemnity"], r["paid"])
            for r in body["claims_by_status"]] == [
        ("approved", "Approved", 1, "18000.00", "0.00"),
        ("rejected", "Rejected", 1, "0.00", "0.00"),
        ("paid", "Paid", 2, "12000.00", "12000.00")]
    assert body["claims_paid"] == [{"currency": "EUR", "claims": 2, "amount": "12000.00"}]


def test_loss_ratio_per_policy_year(client, world, claims):
    rows = report(client, world, "insurer_admin").json["loss_ratios"]
    assert [(r["policy"], r["year_start"], r["year_end"], r["claims"], r["paid_claims"],
             r["claims_paid"], r["recovered"], r["premium"], r["loss_ratio"]) for r in rows] == [
        # 9,000 / 3,500 = 2.571428…; 3,000 / 500 = 6
        (world.a.policy.number, "2026-01-01", "2026-12-31", 2, 1, "9000.00", "900.00",
         "3500.00", "2.5714"),
        (world.b.policy.number, "2026-01-01", "2026-12-31", 2, 1, "3000.00", "0.00",
         "500.00", "6.0000")]
    assert rows[0]["insured"] == world.a.insured.name


def test_aged_balances_and_dso(client, world, claims):
    aged = report(client, world, "underwriter").json["aged_balances"]
    # 0-30: A1's second invoice; 31-60: B1; 61-90: A1's first, less the payment; 90+: A2.
    # DSO: (6,000 × 121 + 6,000 × 77 + 20,000 × 152 + 5,000 × 91) / 37,000 = 126.57 days
    assert aged == [{"currency": "EUR", "days_0_30": "6000.00", "days_31_60": "5000.00",
                     "days_61_90": "6000.00", "days_over_90": "20000.00",
                     "total": "37000.00", "dso": "126.6"}]


def test_an_insured_sees_its_own_claims_only(client, world, claims):
    body = report(client, world, "a.user").json
    assert [(r["status"], r["claims"]) for r in body["claims_by_status"]] == [
        ("approved", 1), ("paid", 1)]
    assert [r["policy"] for r in body["loss_ratios"]] == [world.a.policy.number]
    # (6,000 × 121 + 6,000 × 77 + 20,000 × 152) / 32,000 = 132.125
    assert body["aged_balances"][0] == {
        "currency": "EUR", "days_0_30": "6000.00", "days_31_60": "0.00",
        "days_61_90": "6000.00", "days_over_90": "20000.00", "total": "32000.00",
        "dso": "132.1"}


def test_claims_tables_download(client, world, claims):
    answer = report(client, world, "claims_handler", format="csv", table="loss_ratios")
    rows = list(csv.DictReader(io.StringIO(answer.data.decode())))
    assert [(r["policy"], r["claims_paid"], r["premium"], r["loss_ratio"]) for r in rows] == [
        (world.a.policy.number, "9000.00", "3500.00", "2.5714"),
        (world.b.policy.number, "3000.00", "500.00", "6.0000")]
    book = load_workbook(io.BytesIO(report(client, world, "claims_handler",
                                           format="xlsx").data))
    aged = list(book["aged_balances"].iter_rows(values_only=True))
    assert aged[0] == ("currency", "days_0_30", "days_31_60", "days_61_90", "days_over_90",
                       "total", "dso")
    assert aged[1][0] == "EUR" and aged[1][5] == 37000


def test_an_empty_claims_book(client, world):
    body = report(client, world, "claims_handler").json
    assert (body["claims_by_status"], body["loss_ratios"], body["aged_balances"],
            body["claims_paid"]) == ([], [], [], [])


def test_the_pdf_report_has_its_claims(client, world, claims, tmp_path):
    english = " ".join(_pdf_text(report(client, world, "claims_handler", format="pdf").data,
                                 tmp_path).split())
    for expected in ("Claims by status", "Approved", "€18,000.00", "€12,000.00",
                     "Claims paid and loss ratio per policy year", world.a.policy.number,
                     "€3,500.00", "257.14 %", "600.00 %",
                     "Aged balances of the open collection cases", "€37,000.00", "126.6"):
        assert expected in english, expected
    chinese = "".join(_pdf_text(report(client, world, "a.user", format="pdf", lang="zh").data,
                                tmp_path).split())
    for expected in ("按状态划分的索赔", "已批准", "已支付", "赔付率", "257.14%", "账龄余额",
                     "€32,000.00", "132.1"):
        assert expected in chinese, expected
    assert "600.00%" not in chinese  # B's policy year is not in A's report
