"""Turnover declarations: premium = turnover × the rate of the month's terms, rounded once
half-up to the currency's minor unit; amended until invoiced; refused outside the policy."""

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from core.audit import AuditEntry
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import on_day
from tests.factories import audit_count, make_policy
from tests.premium_world import declare, rows
from underwriting.policies.services import amend_terms
from underwriting.premium.models import PremiumDeclaration


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


def test_premium_is_turnover_times_the_rate(client, world):
    answer = declare(client, world, "2026-01", "123456.78")
    assert answer.status_code == 201, answer.json
    # 123,456.78 × 0.25 % = 308.64195 -> 308.64
    assert answer.json["premium"] == "308.64"
    assert answer.json["premium_rate"] == "0.25"
    assert (answer.json["period"], answer.json["currency"]) == ("2026-01", "EUR")
    assert answer.json["invoiced"] is False and answer.json["invoice_id"] is None


@pytest.mark.parametrize(("turnover", "premium"), [
    ("1002.00", "2.51"),   # 2.505: half-up, not to even
    ("1006.00", "2.52"),   # 2.515
    ("1001.99", "2.50"),   # 2.504975
    ("0.00", "0.00"),      # a month without insured sales is declared as nil
])
def test_premium_rounds_half_up_once(client, world, turnover, premium):
    assert declare(client, world, "2026-02", turnover).json["premium"] == premium


def test_a_currency_without_minor_unit_rounds_to_whole_units(client, session, world):
    policy = make_policy(session, world.a.insured, currency="JPY")
    session.commit()
    answer = declare(client, world, "2026-03", "1234567", policy_id=policy.id)
    assert answer.json["premium"] == "3086"  # 3,086.4175 yen
    refused = declare(client, world, "2026-03", "1234567.50", policy_id=policy.id)
    assert refused.status_code == 422 and "insured_turnover" in refused.json["error"]["fields"]


def test_the_rate_is_the_one_in_force_for_the_month(client, session, world):
    # The change is decided in March (a change of terms is dated today or later).
    with on_day("2026-03-02"), tenant_scope(Scope.everyone()):
        amend_terms(session, world.a.policy.id, actor=world.insurer_admin.as_actor(),
                    effective_from=dt.date(2026, 4, 1), changes={"premium_rate": Decimal("0.4")})
        session.commit()
    march = declare(client, world, "2026-03", "10000.00").json
    april = declare(client, world, "2026-04", "10000.00").json
    assert (march["premium_rate"], march["premium"]) == ("0.25", "25.00")
    assert (april["premium_rate"], april["premium"]) == ("0.4", "40.00")


def test_declaring_a_month_again_amends_it_and_is_audited(client, session, world):
    first = declare(client, world, "2026-05", "40000.00").json
    before = audit_count(session)
    second = declare(client, world, "2026-05", "48000.00")
    assert second.status_code == 201
    assert (second.json["id"], second.json["premium"]) == (first["id"], "120.00")
    assert audit_count(session) == before + 1
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "premium_declaration.amend")).one()
    assert entry.before["insured_turnover"] == "40000.00"
    assert entry.after["insured_turnover"] == "48000.00" and entry.after["premium"] == "120.00"
    assert len(rows(session, PremiumDeclaration)) == 1


@pytest.mark.parametrize(("period", "reason"), [
    ("2025-12", "before the policy"), ("2027-01", "after the policy"),
    ("2026-07", "a month not yet begun"),
])
def test_months_outside_the_policy_or_to_come_are_refused(client, session, world, period,
                                                          reason):
    before = audit_count(session)
    answer = declare(client, world, period, "1000.00")
    assert answer.status_code == 422, reason
    assert "period" in answer.json["error"]["fields"]
    assert audit_count(session) == before


@pytest.mark.parametrize("body", [
    {"period": "2026-13", "insured_turnover": "1.00"},
    {"period": "2026-1", "insured_turnover": "1.00"},
    {"period": "2026-03", "insured_turnover": 1000.5},
    {"period": "2026-03", "insured_turnover": "-1.00"},
    {"period": "2026-03", "insured_turnover": "10.001"},
    {"period": "2026-03"},
])
def test_malformed_declarations_are_422(client, world, body):
    answer = client.post(f"/api/v1/policies/{world.a.policy.id}/declarations", json=body,
                         headers=world.as_("a.user"))
    assert answer.status_code == 422


def test_only_insureds_declare(client, world):
    answer = declare(client, world, "2026-03", "1000.00", who="a.user",
                     Authorization=world.as_("underwriter")["Authorization"])
    assert answer.status_code == 403


def test_a_repeated_idempotency_key_declares_once(client, session, world):
    key = {"Idempotency-Key": "decl-2026-03"}
    first = declare(client, world, "2026-03", "1000.00", **key)
    again = declare(client, world, "2026-03", "1000.00", **key)
    assert again.json == first.json
    assert len(rows(session, PremiumDeclaration)) == 1


def test_declarations_list_latest_month_first(client, world):
    for period in ("2026-01", "2026-03", "2026-02"):
        declare(client, world, period, "1000.00")
    declare(client, world, "2026-01", "2000.00", who="b.user")
    for who in ("a.user", "underwriter"):
        listed = client.get(f"/api/v1/policies/{world.a.policy.id}/declarations",
                            headers=world.as_(who)).json
        assert [d["period"] for d in listed["items"]] == ["2026-03", "2026-02", "2026-01"]
        assert listed["total"] == 3
