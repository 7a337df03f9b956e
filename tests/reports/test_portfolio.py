"""The portfolio report's figures on a hand-built portfolio (see portfolio_world): staff see
the insurer's whole portfolio, an insured only its own limits."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from core.tenancy import Scope, tenant_scope
from reports import frames
from tests.factories import make_policy
from tests.reports.portfolio_world import build_portfolio, limit


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


@pytest.fixture
def buyers(session, world):
    return build_portfolio(session, world)


def report(client, world, who, **params):
    answer = client.get("/api/v1/reports/portfolio", query_string=params,
                        headers=world.as_(who))
    assert answer.status_code == 200, answer.json
    return answer


def rows(table):
    return [(r["key"], r["limits"], r["buyers"], r["exposure"], r["share"], r["expected_loss"])
            for r in table]


def test_the_insurers_totals(client, world, buyers):
    body = report(client, world, "underwriter").json
    assert (body["scope"], body["insured_id"], body["currency"], body["as_of"]) == (
        "insurer", None, "EUR", "2026-03-02")
    assert (body["limits"], body["buyers"]) == (5, 4)
    # 100,000 + 50,000 + 25,000 + 30,000 + 20,000
    assert body["exposure"] == "225000.00"
    # 130,000 × 0.2 % × 45 % + 50,000 × 0.8 % × 45 % + 20,000 × 5 % × 45 % (B3 has no PD)
    assert body["expected_loss"] == "747.00"
    assert body["loss_given_default"] == "0.45"


def test_exposure_by_grade(client, world, buyers):
    table = report(client, world, "claims_handler").json["by_grade"]
    assert rows(table) == [
        (3, 2, 1, "130000.00", "0.5778", "117.00"),
        (5, 1, 1, "50000.00", "0.2222", "180.00"),
        (8, 1, 1, "20000.00", "0.0889", "450.00"),
        (None, 1, 1, "25000.00", "0.1111", "0.00"),
    ]
    assert [r["label"] for r in table] == ["Grade 3", "Grade 5", "Grade 8", "Ungraded"]


def test_exposure_by_country_and_sector(client, world, buyers):
    body = report(client, world, "insurer_admin").json
    assert rows(body["by_country"]) == [
        ("DE", 3, 2, "155000.00", "0.6889", "117.00"),
        ("FR", 1, 1, "50000.00", "0.2222", "180.00"),
        ("CN", 1, 1, "20000.00", "0.0889", "450.00"),
    ]
    assert body["by_country"][0]["label"] == "Germany"
    assert rows(body["by_sector"]) == [
        ("G", 2, 1, "130000.00", "0.5778", "117.00"),
        ("C", 2, 2, "70000.00", "0.3111", "630.00"),
        ("F", 1, 1, "25000.00", "0.1111", "0.00"),
    ]
    assert body["by_sector"][1]["label"] == "Manufacturing"


def test_top_buyers_and_concentration(client, world, buyers):
    body = report(client, world, "underwriter").json
    top = body["top_buyers"]
    assert [(b["rank"], b["buyer_id"], b["exposure"], b["share"], b["limits"]) for b in top] == [
        (1, buyers.b1.id, "130000.00", "0.5778", 2), (2, buyers.b2.id, "50000.00", "0.2222", 1),
        (3, buyers.b3.id, "25000.00", "0.1111", 1), (4, buyers.b4.id, "20000.00", "0.0889", 1)]
    assert (top[0]["name"], top[0]["grade"], top[0]["pd"]) == ("Nordhandel GmbH", 3, 0.002)
    assert (top[2]["grade"], top[2]["pd"]) == (None, None)
    assert body["top_10_share"] == "1.0000"
    # (130² + 50² + 25² + 20²) / 225² × 10,000 = 20,425 / 50,625 × 10,000 = 4,034.5679
    assert body["hhi"] == "4034.57"


def test_an_insured_sees_only_its_own_portfolio(client, world, buyers):
    body = report(client, world, "a.user").json
    assert (body["scope"], body["insured_id"]) == ("insured", world.a.insured.id)
    assert (body["limits"], body["buyers"], body["exposure"]) == (3, 3, "175000.00")
    assert body["expected_loss"] == "270.00"
    assert rows(body["by_grade"]) == [
        (3, 1, 1, "100000.00", "0.5714", "90.00"),
        (5, 1, 1, "50000.00", "0.2857", "180.00"),
        (None, 1, 1, "25000.00", "0.1429", "0.00"),
    ]
    assert buyers.b4.id not in {b["buyer_id"] for b in body["top_buyers"]}
    # (100² + 50² + 25²) / 175² × 10,000 = 13,125 / 30,625 × 10,000
    assert body["hhi"] == "4285.71"
    theirs = report(client, world, "b.admin").json
    assert (theirs["exposure"], theirs["expected_loss"]) == ("50000.00", "477.00")


def test_limits_in_other_currencies_are_converted_for_the_insurer(client, session, world,
                                                                  buyers):
    usd = make_policy(session, world.b.insured, currency="USD")
    with tenant_scope(Scope.everyone()):
        limit(session, usd, buyers.b2, "1000.01")  # / 1.08 = 925.935… EUR
        session.commit()
    staff = report(client, world, "underwriter").json
    assert (staff["currency"], staff["exposure"]) == ("EUR", "225925.94")
    # B holds EUR and USD limits: its report is in euros too
    assert report(client, world, "b.user").json["exposure"] == "50925.94"


def test_an_empty_portfolio(client, world):
    body = report(client, world, "a.user").json
    assert (body["limits"], body["exposure"], body["expected_loss"]) == (0, "0.00", "0.00")
    assert body["by_grade"] == [] and body["top_buyers"] == [] and body["hhi"] == "0.00"


def test_expected_loss_rounds_half_up_to_the_hundredth():
    limits = pd.DataFrame({"buyer_id": [1, 2], "limits": [1, 1],
                           "country": ["DE", "DE"], "sector": ["C", None],
                           "grade": pd.array([4, 4], dtype="Int64"), "pd": [0.001, 0.0123],
                           "exposure": [1_000_001, 1_234_567]})
    out = frames.with_expected_loss(limits)
    # 10,000.01 × 0.1 % × 45 % = 4.5000045 -> 4.50; 12,345.67 × 1.23 % × 45 % = 68.3325… -> 68.33
    assert out["expected_loss"].tolist() == [450, 6833]
    assert out["section"].tolist()[0] == "C" and pd.isna(out["section"].tolist()[1])
    assert frames.share(1, 3) == Decimal("0.3333") and frames.share(2, 3) == Decimal("0.6667")


def test_the_report_is_for_signed_in_users_only(client):
    assert client.get("/api/v1/reports/portfolio").status_code == 401


def test_unknown_formats_are_refused(client, world):
    answer = client.get("/api/v1/reports/portfolio?format=docx", headers=world.as_("a.user"))
    assert answer.status_code == 422 and "format" in answer.json["error"]["fields"]


def test_the_day_of_the_report_is_the_business_date(client, world, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-04-30")
    assert report(client, world, "a.user").json["as_of"] == dt.date(2026, 4, 30).isoformat()


def test_the_tenancy_filter_narrows_the_read_on_its_own(session, world, buyers, monkeypatch):
    from core.actor import SYSTEM
    from reports import queries

    # without the explicit insured condition nor ACROSS_TENANTS, an insured's scope still
    # keeps the other tenant's limits out
    monkeypatch.setattr(queries, "ACROSS_TENANTS", {})
    with tenant_scope(Scope.insured(world.a.insured.id)):
        rows = queries.exposure_rows(session, actor=SYSTEM)
    assert sorted(rows["exposure"].tolist()) == [2_500_000, 5_000_000, 10_000_000]
    with tenant_scope(Scope.everyone()):
        assert queries.exposure_rows(session, actor=SYSTEM)["exposure"].sum() == 22_500_000
