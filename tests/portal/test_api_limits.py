"""Credit limits through the API: instant decisions, referrals, discretionary limits,
reductions with notice, cancellation, expiry, history by date and alerts."""

import datetime as dt
from decimal import Decimal

import pytest

from core.tenancy import Scope, tenant_scope
from tests.factories import audit_count
from tests.limits_world import graded_buyer, set_grade
from underwriting.limits import grants

TODAY = "2026-03-02"


def cover_on(session, policy_id, buyer_id, day):
    with tenant_scope(Scope.everyone()):
        return grants.cover_on(session, policy_id, buyer_id, day)


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def _ask(client, world, buyer, who="a.user", amount="100000.00", terms=60, **extra):
    tenant = world.a if who.startswith("a.") else world.b
    body = {"policy_id": tenant.policy.id, "buyer_id": buyer.id, "amount": amount,
            "payment_terms_days": terms, **extra}
    return client.post("/api/v1/limit-requests", json=body, headers=world.as_(who))


def test_a_sound_request_is_approved_at_once(client, session, world):
    buyer = graded_buyer(session)
    answer = _ask(client, world, buyer, reference="PO-7781")
    assert answer.status_code == 201, answer.json
    assert answer.json["status"] == "approved" and answer.json["reference"] == "PO-7781"
    limit = answer.json["credit_limit"]
    assert (limit["amount"], limit["type"], limit["status"]) == ("100000.00", "insurer", "active")
    assert limit["effective_from"] == TODAY and len(limit["history"]) == 1


def test_capacity_is_shared_across_insureds(client, session, world):
    buyer = graded_buyer(session, grade=1, revenue="5000000")  # capacity 1,000,000 EUR
    assert _ask(client, world, buyer, amount="450000.00").json["status"] == "approved"
    assert _ask(client, world, buyer, who="b.user", amount="450000.00").json["status"] == \
        "approved"
    # B holds 450,000; 100,000 is left: an increase to 550,000 fits, one to 550,000.01 does
    # not and is referred, never granted in part (that would disclose what is left).
    third = _ask(client, world, buyer, who="b.admin", amount="550000.01").json
    assert (third["status"], third["kind"], third["decided_amount"]) == (
        "referred", "increase", None)
    assert third["reason_codes"] == ["CLF"]
    assert third["reasons"][0]["zh"] == "买方信用额度已满"
    held = client.get(f"/api/v1/credit-limits?buyer_id={buyer.id}", headers=world.as_("b.user"))
    assert [limit["amount"] for limit in held.json["items"]] == ["450000.00"]
    fourth = _ask(client, world, buyer, who="b.admin", amount="550000.00").json
    assert (fourth["status"], fourth["kind"], fourth["decided_amount"]) == (
        "approved", "increase", "550000.00")


@pytest.mark.parametrize(("setup", "extra", "status", "code"), [
    ({"insolvent": True}, {}, "refused", "INS"),
    ({"grade": 9}, {}, "refused", "GRD"),
    ({"grade": 7}, {}, "referred", "WCH"),
    ({}, {"terms": 150}, "referred", "MCT"),
    ({}, {"comment": "Seasonal peak, please look at it"}, "referred", "CMT"),
    ({}, {"amount": "600000.00"}, "referred", "ACE"),
])
def test_refusals_and_referrals_carry_reasons(client, session, world, setup, extra, status,
                                               code):
    buyer = graded_buyer(session, **setup)
    answer = _ask(client, world, buyer, **extra).json
    assert answer["status"] == status and code in answer["reason_codes"]
    assert answer["credit_limit"] is None


def test_an_underwriter_works_the_referral_queue(client, session, world):
    buyer = graded_buyer(session, grade=8)
    made = _ask(client, world, buyer).json
    queue = client.get("/api/v1/limit-requests?status=referred",
                       headers=world.as_("underwriter")).json
    assert made["id"] in [r["id"] for r in queue["items"]]
    decided = client.post(f"/api/v1/limit-requests/{made['id']}/decision",
                          headers=world.as_("underwriter"), json={
                              "outcome": "partial", "amount": "60000.00",
                              "reason_codes": ["WCH", "SPT"],
                              "conditions": {"max_payment_terms_days": 45,
                                             "expires_on": "2026-09-30"}})
    assert decided.status_code == 200, decided.json
    limit = decided.json["credit_limit"]
    assert decided.json["status"] == "partial" and limit["amount"] == "60000.00"
    assert (limit["max_payment_terms_days"], limit["expires_on"]) == (45, "2026-09-30")
    again = client.post(f"/api/v1/limit-requests/{made['id']}/decision",
                        headers=world.as_("underwriter"),
                        json={"outcome": "refused", "reason_codes": ["API"]})
    assert again.status_code == 409


@pytest.mark.parametrize(("body", "field"), [
    ({"outcome": "approved", "amount": "1.00", "reason_codes": []}, "amount"),
    ({"outcome": "partial", "amount": "100000.00", "reason_codes": []}, "amount"),
    ({"outcome": "partial", "reason_codes": []}, "amount"),
    ({"outcome": "refused", "reason_codes": []}, "reason_codes"),
    ({"outcome": "refused", "reason_codes": ["XYZ"]}, "reason_codes"),
    ({"outcome": "maybe", "reason_codes": []}, "outcome"),
    ({"outcome": "approved", "reason_codes": [],
      "conditions": {"max_payment_terms_days": 90}}, "conditions"),
])
def test_bad_decisions_are_refused_and_change_nothing(client, session, world, body, field):
    made = _ask(client, world, graded_buyer(session, grade=7)).json
    before = audit_count(session)
    answer = client.post(f"/api/v1/limit-requests/{made['id']}/decision",
                         headers=world.as_("underwriter"), json=body)
    assert answer.status_code == 422 and field in answer.json["error"]["fields"], answer.json
    assert audit_count(session) == before


def test_only_underwriters_decide(client, session, world):
    made = _ask(client, world, graded_buyer(session, grade=7)).json
    for who in ("a.admin", "claims_handler", "insurer_admin"):
        answer = client.post(f"/api/v1/limit-requests/{made['id']}/decision",
                             headers=world.as_(who),
                             json={"outcome": "refused", "reason_codes": ["API"]})
        assert answer.status_code == 403


def _discretionary(client, world, buyer, amount="15000.00", who="a.user"):
    return client.post("/api/v1/credit-limits/discretionary", headers=world.as_(who), json={
        "policy_id": world.a.policy.id, "buyer_id": buyer.id, "amount": amount})


def test_discretionary_limits_and_their_conditions(client, session, world):
    sound = graded_buyer(session, grade=6)
    made = _discretionary(client, world, sound)
    assert made.status_code == 201 and made.json["type"] == "discretionary"
    too_much = _discretionary(client, world, graded_buyer(session), amount="20000.01")
    assert too_much.status_code == 422 and "amount" in too_much.json["error"]["fields"]
    weak = _discretionary(client, world, graded_buyer(session, grade=7))
    assert weak.status_code == 422 and "buyer_id" in weak.json["error"]["fields"]
    broke = _discretionary(client, world, graded_buyer(session, insolvent=True))
    assert broke.status_code == 422


def test_a_discretionary_limit_lapses_when_the_insurer_decides(client, session, world):
    buyer = graded_buyer(session)
    own = _discretionary(client, world, buyer).json
    _ask(client, world, buyer, amount="50000.00")
    lapsed = client.get(f"/api/v1/credit-limits/{own['id']}", headers=world.as_("a.user")).json
    assert lapsed["status"] == "lapsed" and lapsed["amount"] == "0.00"
    again = _discretionary(client, world, buyer)
    assert again.status_code == 422  # the insurer has decided on this buyer


def test_a_zero_decision_blocks_a_discretionary_limit(client, session, world):
    buyer = graded_buyer(session, grade=6)
    made = _ask(client, world, buyer, comment="please").json
    zero = client.post(f"/api/v1/limit-requests/{made['id']}/decision",
                       headers=world.as_("underwriter"),
                       json={"outcome": "zero", "reason_codes": ["API"]})
    assert zero.json["status"] == "refused" and zero.json["credit_limit"]["amount"] == "0.00"
    assert _discretionary(client, world, buyer).status_code == 422


def test_a_reduction_waits_for_the_notice_period_and_history_answers_by_date(
    client, session, world
):
    buyer = graded_buyer(session)
    limit = _ask(client, world, buyer).json["credit_limit"]
    reduced = client.post(f"/api/v1/credit-limits/{limit['id']}/reduce",
                          headers=world.as_("underwriter"),
                          json={"amount": "40000.00", "reason_codes": ["RED"]})
    assert reduced.status_code == 200, reduced.json
    assert reduced.json["amount"] == "100000.00"  # still, until the notice ends
    assert reduced.json["pending_change"] == {"amount": "40000.00",
                                              "effective_from": "2026-04-01", "change": "reduced"}
    policy_id = world.a.policy.id
    assert cover_on(session, policy_id, buyer.id, dt.date(2026, 3, 31)).amount == 100000
    assert cover_on(session, policy_id, buyer.id, dt.date(2026, 4, 1)).amount == 40000
    assert cover_on(session, policy_id, buyer.id, dt.date(2026, 3, 1)) is None


def test_the_insureds_cancellation_ends_cover_at_once(client, session, world):
    buyer = graded_buyer(session)
    limit = _ask(client, world, buyer).json["credit_limit"]
    cancelled = client.post(f"/api/v1/credit-limits/{limit['id']}/cancel",
                            headers=world.as_("a.admin"))
    assert cancelled.json["status"] == "cancelled"
    assert cover_on(session, world.a.policy.id, buyer.id, dt.date(2026, 3, 2)) is None
    assert client.post(f"/api/v1/credit-limits/{limit['id']}/cancel",
                       headers=world.as_("a.admin")).status_code == 409


def test_the_underwriters_cancellation_is_a_withdrawal_after_notice(client, session, world):
    buyer = graded_buyer(session)
    limit = _ask(client, world, buyer).json["credit_limit"]
    withdrawn = client.post(f"/api/v1/credit-limits/{limit['id']}/cancel",
                            headers=world.as_("underwriter")).json
    assert withdrawn["status"] == "active"
    assert withdrawn["pending_change"]["change"] == "withdrawn"


def test_requests_are_idempotent(client, session, world):
    buyer = graded_buyer(session)
    headers = {**world.as_("a.user"), "Idempotency-Key": "req-1"}
    body = {"policy_id": world.a.policy.id, "buyer_id": buyer.id, "amount": "70000.00",
            "payment_terms_days": 30}
    first = client.post("/api/v1/limit-requests", json=body, headers=headers)
    second = client.post("/api/v1/limit-requests", json=body, headers=headers)
    assert first.json == second.json
    limits = client.get(f"/api/v1/credit-limits?buyer_id={buyer.id}",
                        headers=world.as_("a.user")).json
    assert limits["total"] == 1


@pytest.mark.parametrize(("change", "status", "field"), [
    ({"amount": "abc"}, 422, "amount"),
    ({"amount": "-5.00"}, 422, "amount"),
    ({"amount": "0"}, 422, "amount"),
    ({"amount": "10.001"}, 422, "amount"),
    ({"amount": 100000}, 422, "amount"),
    ({"payment_terms_days": 0}, 422, "payment_terms_days"),
    ({"buyer_id": 99999999}, 404, None),
    ({"policy_id": 99999999}, 404, None),
])
def test_bad_requests_are_refused_and_write_nothing(client, session, world, change, status,
                                                    field):
    buyer = graded_buyer(session)
    before = audit_count(session)
    body = {"policy_id": world.a.policy.id, "buyer_id": buyer.id, "amount": "1000.00",
            "payment_terms_days": 30, **change}
    answer = client.post("/api/v1/limit-requests", json=body, headers=world.as_("a.user"))
    assert answer.status_code == status
    assert field is None or field in answer.json["error"]["fields"]
    assert audit_count(session) == before


def test_a_policy_not_in_force_cannot_request(client, session, world, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2027-02-01")
    answer = _ask(client, world, graded_buyer(session))
    assert answer.status_code == 422 and "policy_id" in answer.json["error"]["fields"]


def test_staff_cannot_request_limits_for_insureds(client, session, world):
    assert _ask(client, world, graded_buyer(session), who="a.user").status_code == 201
    body = {"policy_id": world.a.policy.id, "buyer_id": 1, "amount": "1.00",
            "payment_terms_days": 1}
    assert client.post("/api/v1/limit-requests", json=body,
                       headers=world.as_("underwriter")).status_code == 403


def test_a_worsening_grade_alerts_every_insured_holding_a_limit(client, session, world):
    from underwriting.grading.runs import grade

    buyer = graded_buyer(session, grade=2)
    _ask(client, world, buyer)
    _ask(client, world, buyer, who="b.user")
    bystander = graded_buyer(session, grade=2)
    with tenant_scope(Scope.everyone()):
        set_grade(session, buyer.id, 2)
        set_grade(session, bystander.id, 2)
        grade(session, as_of=dt.date(2026, 3, 2), buyer_ids=[buyer.id, bystander.id])
        session.commit()
    for who in ("a.user", "b.user"):
        alerts = client.get("/api/v1/alerts", headers=world.as_(who)).json["items"]
        mine = [a for a in alerts if a["buyer_id"] == buyer.id]
        assert mine and mine[0]["previous_grade"] == 2 and mine[0]["grade"] > 2, (who, alerts)
        assert all(a["buyer_id"] != bystander.id for a in alerts)


def test_a_withdrawal_takes_effect_on_its_date_without_a_job(client, session, world):
    buyer = graded_buyer(session)
    limit = _ask(client, world, buyer).json["credit_limit"]
    client.post(f"/api/v1/credit-limits/{limit['id']}/reduce", headers=world.as_("underwriter"),
                json={"amount": "0.00", "reason_codes": ["API"]})
    url = f"/api/v1/credit-limits?buyer_id={buyer.id}&include_ended=true&on="
    before = client.get(url + "2026-03-31", headers=world.as_("a.user")).json["items"]
    after = client.get(url + "2026-04-01", headers=world.as_("a.user")).json["items"]
    assert [(x["status"], x["amount"]) for x in before] == [("active", "100000.00")]
    assert [(x["status"], x["amount"]) for x in after] == [("withdrawn", "0.00")]
    in_force = client.get(f"/api/v1/credit-limits?buyer_id={buyer.id}&on=2026-04-01",
                          headers=world.as_("a.user")).json
    assert in_force["total"] == 0
    assert cover_on(session, world.a.policy.id, buyer.id, dt.date(2026, 3, 31)).amount == \
        Decimal("100000")


def test_the_sizing_helper_and_reason_codes(client, world):
    sized = client.get("/api/v1/limit-sizing?annual_turnover=1200000&credit_days=60",
                       headers=world.as_("a.user")).json
    assert sized["suggested_amount"] == "198000.00"
    codes = client.get("/api/v1/reason-codes", headers=world.as_("a.user")).json
    assert {"code": "NFI", "en": "No financial information on the buyer",
            "zh": "无买方财务信息"} in codes


def test_staff_see_the_insurers_exposure_on_a_buyer_and_insureds_do_not(client, session, world):
    buyer = graded_buyer(session)
    _ask(client, world, buyer, amount="100000.00")
    _ask(client, world, buyer, who="b.user", amount="50000.00")
    staff = client.get(f"/api/v1/buyers/{buyer.id}", headers=world.as_("underwriter")).json
    assert staff["exposure"] == {"currency": "EUR", "total": "150000.00",
                                 "capacity": "1200000.00", "capacity_left": "1050000.00"}
    insured = client.get(f"/api/v1/buyers/{buyer.id}", headers=world.as_("a.user")).json
    assert "exposure" not in insured
