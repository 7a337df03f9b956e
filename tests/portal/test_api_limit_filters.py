"""Filters on the list of credit limits: status, buyer, policy, a day, words of the buyer's name,
and an expiry before a day. A value that is not one is 422 naming the parameter."""

import datetime as dt

import pytest

from core.tenancy import Scope, tenant_scope
from tests.limits_world import graded_buyer
from underwriting.limits.models import CreditLimit

TODAY = "2026-03-02"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def held(client, session, world):
    """Three limits of tenant a (one of them cancelled, one expiring in April) and one of b."""
    made = {}
    for key, name, who in (("alpha", "Alpha Trading GmbH", "a.user"),
                           ("steel", "Alpha Steel Werke AG", "a.user"),
                           ("beta", "Beta Stahl KG", "a.user"),
                           ("theirs", "Alpha Theirs Ltd", "b.user")):
        buyer = graded_buyer(session, name=name)
        tenant = world.a if who == "a.user" else world.b
        answer = client.post("/api/v1/limit-requests", headers=world.as_(who), json={
            "policy_id": tenant.policy.id, "buyer_id": buyer.id, "amount": "20000.00",
            "payment_terms_days": 30})
        assert answer.json["status"] == "approved", answer.json
        made[key] = answer.json["credit_limit"]["id"]
    assert client.post(f"/api/v1/credit-limits/{made['beta']}/cancel",
                       headers=world.as_("a.user")).status_code == 200
    with tenant_scope(Scope.everyone()):
        session.get(CreditLimit, made["steel"]).expires_on = dt.date(2026, 4, 30)
        session.commit()
    return made


def listed(client, world, query, who="a.user"):
    answer = client.get(f"/api/v1/credit-limits?{query}", headers=world.as_(who))
    assert answer.status_code == 200, answer.json
    return {item["id"] for item in answer.json["items"]}


def test_words_of_the_buyers_name(client, world, held):
    assert listed(client, world, "q=alpha") == {held["alpha"], held["steel"]}
    assert listed(client, world, "q=STEEL%20alpha") == {held["steel"]}
    assert listed(client, world, "q=stahl") == set()  # cancelled: not active
    assert listed(client, world, "q=stahl&include_ended=true") == {held["beta"]}
    assert listed(client, world, "q=nobody") == set()


def test_status_and_expiry(client, world, held):
    assert listed(client, world, "status=cancelled") == {held["beta"]}
    assert listed(client, world, "status=active") == {held["alpha"], held["steel"]}
    assert listed(client, world, "expiring_before=2026-05-01") == {held["steel"]}
    assert listed(client, world, "expiring_before=2026-04-30") == set()
    assert listed(client, world, "status=expired&on=2026-05-01") == {held["steel"]}


def test_buyer_policy_and_day(client, session, world, held):
    with tenant_scope(Scope.everyone()):
        alpha = session.get(CreditLimit, held["alpha"])
        buyer_id = alpha.buyer_id
    assert listed(client, world, f"buyer_id={buyer_id}") == {held["alpha"]}
    assert listed(client, world, f"policy_id={world.a.policy.id}&q=alpha") == {
        held["alpha"], held["steel"]}
    assert listed(client, world, f"policy_id={world.b.policy.id}") == set()
    assert listed(client, world, "on=2026-03-01") == set()  # before any was granted


def test_staff_see_every_insureds_limits_by_name(client, world, held):
    assert listed(client, world, "q=alpha", who="underwriter") == {
        held["alpha"], held["steel"], held["theirs"]}


def test_grade_of_the_buyer_now(client, session, world, held):
    from underwriting.grading.records import BuyerGrade

    with tenant_scope(Scope.everyone()):
        steel = session.get(CreditLimit, held["steel"]).buyer_id
        session.get(BuyerGrade, steel).grade = 8
        session.commit()
    assert listed(client, world, "grade=8") == {held["steel"]}
    assert held["alpha"] in listed(client, world, f"grade={_grade_of(session, held['alpha'])}")
    assert listed(client, world, "grade=8", who="b.user") == set()


def _grade_of(session, limit_id):
    from underwriting.grading.records import BuyerGrade

    with tenant_scope(Scope.everyone()):
        return session.get(BuyerGrade, session.get(CreditLimit, limit_id).buyer_id).grade


@pytest.mark.parametrize(("query", "name"), [
    ("status=sleeping", "status"), ("expiring_before=2026-13-01", "expiring_before"),
    ("expiring_before=0001-01-01", "expiring_before"), ("on=yesterday", "on"),
    ("q=" + "x" * 201, "q"), ("q=a%01b", "q"), ("policy_id=abc", "policy_id"),
    ("buyer_id=0", "buyer_id"), ("colour=red", "colour"), ("grade=11", "grade"),
    ("grade=0", "grade"), ("grade=two", "grade"),
])
def test_bad_values_are_422_naming_the_parameter(client, world, query, name):
    answer = client.get(f"/api/v1/credit-limits?{query}", headers=world.as_("a.user"))
    assert answer.status_code == 422, answer.json
    assert name in answer.json["error"]["fields"]
