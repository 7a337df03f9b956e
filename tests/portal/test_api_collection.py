"""Overdue notifications and collection cases through the API: status codes, shapes, roles,
Idempotency-Key, currency, the pre-check, and a database left unchanged by refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claims.models import CollectionCase
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import as_json, covered_buyer, inv
from tests.factories import audit_count, make_policy

TODAY = "2026-06-15"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def notification(world, buyer, *invoices, tenant=None, **extra):
    tenant = tenant or world.a
    return {"policy_id": tenant.policy.id, "buyer_id": buyer.id,
            "invoices": [as_json(i) for i in invoices or (inv("A", "2026-02-01", "4000"),
                                                          inv("B", "2026-03-01", "6000"))],
            **extra}


def notify(client, world, buyer, *invoices, who="a.user", headers=None, **extra):
    return client.post("/api/v1/overdue-notifications", json=notification(
        world, buyer, *invoices, **extra), headers={**world.as_(who), **(headers or {})})


def cases_count(session):
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return session.scalar(select(func.count()).select_from(CollectionCase))


def test_a_notification_answers_each_invoices_issues_and_its_case(client, session, world):
    buyer = covered_buyer(session, world.a)
    answer = notify(client, world, buyer, inv("A", "2026-02-01", "4000"),
                    inv("M", "2026-03-01", "3000", terms=150))
    assert answer.status_code == 201, answer.json
    issues = {i["number"]: [x["code"] for x in i["issues"]] for i in answer.json["invoices"]}
    assert issues == {"A": [], "M": ["terms_over_mct"]}
    assert answer.json["notified_on"] == TODAY and answer.json["case_id"]
    case = client.get(f"/api/v1/collection-cases/{answer.json['case_id']}",
                      headers=world.as_("a.user")).json
    # A due 2 Apr: its MEP expired unpaid on 1 Jun, before the notification: cover stopped then
    assert (case["status"], case["stage"], case["stop_date"]) == ("open", None, "2026-06-01")
    assert case["balances"]["outstanding"] == "7000.00"
    assert [line["outstanding"] for line in case["invoices"]] == ["4000.00", "3000.00"]
    assert [event["kind"] for event in case["timeline"]] == ["notified"]
    assert {d["kind"] for d in case["deadlines"]} == {"notification_deadline",
                                                      "claim_filing_deadline"}


def test_the_same_idempotency_key_creates_one_case(client, session, world):
    buyer = covered_buyer(session, world.a)
    key = {"Idempotency-Key": "notify-1"}
    first = notify(client, world, buyer, headers=key)
    again = notify(client, world, buyer, headers=key)
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert cases_count(session) == 1
    duplicate = notify(client, world, buyer)  # without the key: the invoices are taken
    assert duplicate.status_code == 409


@pytest.mark.parametrize(("extra", "field"), [
    ({"currency": "USD"}, "currency"),
    ({"notified_on": "2026-06-16"}, "notified_on"),
    ({"invoices": []}, "invoices"),
    ({"invoices": [{**as_json(inv("A", "2026-02-01", "1")), "amount": 10}]}, "invoices"),
])
def test_bad_notifications_are_refused_and_change_nothing(client, session, world, extra, field):
    buyer = covered_buyer(session, world.a)
    before = audit_count(session)
    answer = notify(client, world, buyer, **extra)
    assert answer.status_code == 422 and field in answer.json["error"]["fields"], answer.json
    assert audit_count(session) == before and cases_count(session) == 0


def test_amounts_follow_the_currencys_minor_unit(client, session, world):
    policy = make_policy(session, world.a.insured, currency="JPY")
    session.commit()
    buyer = covered_buyer(session, world.a)
    body = notification(world, buyer, inv("Y", "2026-02-01", "1000"))
    body["policy_id"] = policy.id
    body["invoices"][0]["amount"] = "1000.50"
    refused = client.post("/api/v1/overdue-notifications", json=body,
                          headers=world.as_("a.user"))
    assert refused.status_code == 422
    body["invoices"][0]["amount"] = "1000"
    made = client.post("/api/v1/overdue-notifications", json=body, headers=world.as_("a.user"))
    assert made.json["invoices"][0]["amount"] == "1000"
    assert made.json["invoices"][0]["issues"][0]["code"] == "no_limit"


def test_who_may_notify_and_read(client, session, world):
    buyer = covered_buyer(session, world.a)
    assert notify(client, world, buyer, who="claims_handler").status_code == 403
    other_policy = notify(client, world, buyer, tenant=world.b)
    assert other_policy.status_code == 404  # b's policy, named by a's user
    case_id = notify(client, world, buyer).json["case_id"]
    for who, seen in (("a.admin", [case_id]), ("b.user", []), ("underwriter", [case_id])):
        listed = client.get(f"/api/v1/collection-cases?buyer_id={buyer.id}",
                            headers=world.as_(who)).json
        assert [c["id"] for c in listed["items"]] == seen
    closed = client.get("/api/v1/collection-cases?status=closed", headers=world.as_("a.user"))
    assert closed.json["total"] == 0


def test_payments_credit_notes_and_disputes(client, session, world):
    buyer = covered_buyer(session, world.a)
    case_id = notify(client, world, buyer).json["case_id"]
    base = f"/api/v1/collection-cases/{case_id}"
    paid = client.post(f"{base}/payments", headers=world.as_("claims_handler"),
                       json={"amount": "5000.00", "received_on": "2026-06-10",
                             "reference": "wire 7781"})
    assert paid.status_code == 201 and paid.json["case_status"] == "open"
    handler_note = client.post(f"{base}/credit-notes", headers=world.as_("claims_handler"),
                               json={"amount": "1.00", "issued_on": TODAY, "number": "CN"})
    assert handler_note.status_code == 403
    dispute = client.post(f"{base}/disputes", headers=world.as_("a.user"), json={
        "invoice_number": "B", "amount": "1000.00", "reason": "Damaged"})
    assert dispute.status_code == 201 and dispute.json["status"] == "open"
    note = client.post(f"{base}/credit-notes", headers=world.as_("a.user"),
                       json={"amount": "4000.00", "issued_on": TODAY, "number": "CN-1"})
    assert note.status_code == 201
    case = client.get(base, headers=world.as_("a.user")).json
    # A 4,000 + B 1,000 from the payment; the credit note: B's undisputed 4,000; 1,000 set aside
    assert [line["outstanding"] for line in case["invoices"]] == ["0.00", "1000.00"]
    resolved = client.post(f"{base}/disputes/{dispute.json['id']}/resolve",
                           headers=world.as_("a.user"), json={"outcome": "not_owed"})
    assert resolved.json["outcome"] == "not_owed"
    case = client.get(base, headers=world.as_("a.user")).json
    assert (case["status"], case["closed_on"], case["balances"]["outstanding"]) == (
        "closed", TODAY, "0.00")
    late = client.post(f"{base}/payments", headers=world.as_("a.user"),
                       json={"amount": "1.00", "received_on": TODAY})
    assert late.status_code == 409


def test_the_pre_check_explains_the_indemnity(client, session, world):
    buyer = covered_buyer(session, world.a, amount="5000")
    case_id = notify(client, world, buyer).json["case_id"]
    check = client.get(f"/api/v1/collection-cases/{case_id}/pre-check",
                       headers=world.as_("a.user"))
    assert check.status_code == 200, check.json
    # 10,000 owed, limit 5,000: 5,000 above it; × 90 % = 4,500, 500 uninsured
    assert (check.json["indemnity"], check.json["total_debt"]) == ("4500.00", "10000.00")
    assert {r["code"]: r["amount"] for r in check.json["reductions"]} == {
        "above_limit": "5000.00", "uninsured_share": "500.00"}
    assert check.json["statement"]["covered_amount"] == "5000.00"
    assert check.json["claimable"] is False
