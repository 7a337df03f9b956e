"""Four eyes on large claims, through the API and the claim page: at or above the setting
FOUR_EYES_AMOUNT (25,000.00 by default) the assessor's own approval is 403 `four_eyes` and a
second claims handler approves; below it one handler does it all.

The buyer (limit 100,000) owes X 40,000, due 4 Feb 2026, notified 1 Mar, insolvent 20 May:
an indemnity of 36,000.00 (90 %)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.actor import Role
from tests.claims.claims_world import covered_buyer, insolvent, inv, notify_through_api
from tests.factories import bearer, make_user
from tests.portal.test_pages import post, sign_in, text

TODAY = "2026-06-15"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def second_handler(session):
    user = make_user(session, Role.CLAIMS_HANDLER)
    user.full_name = "Zhou Min"
    session.commit()
    return user


def _claim(client, session, world, owed):
    buyer = covered_buyer(session, world.a)
    case_id = notify_through_api(client, world, buyer, inv("X", "2026-01-05", owed, terms=30))
    insolvent(session, buyer, "2026-05-20")
    filed = client.post("/api/v1/claims", json={"case_id": case_id, "cause": "insolvency"},
                        headers=world.as_("a.user"))
    return filed.json["id"]


def _act(client, claim_id, action, headers):
    return client.post(f"/api/v1/claims/{claim_id}/{action}", headers=headers)


def test_the_assessor_may_not_approve_a_large_claim_and_a_second_handler_does(
        client, session, world, second_handler):
    claim_id = _claim(client, session, world, "40000")
    assessed = _act(client, claim_id, "assess", world.as_("claims_handler")).json
    assert (assessed["indemnity"], assessed["assessed_by"]) == ("36000.00",
                                                                world.claims_handler.id)
    refused = _act(client, claim_id, "approve", world.as_("claims_handler"))
    assert refused.status_code == 403, refused.json
    assert refused.json["error"]["code"] == "four_eyes"
    assert "36000.00 EUR is at or above 25000.00 EUR" in refused.json["error"]["message"]
    still = client.get(f"/api/v1/claims/{claim_id}", headers=world.as_("a.user")).json
    assert (still["status"], still["approved_by"]) == ("assessed", None)
    approved = _act(client, claim_id, "approve", bearer(session, second_handler))
    assert approved.status_code == 200, approved.json
    assert (approved.json["status"], approved.json["approved_by"]) == ("approved",
                                                                       second_handler.id)


def test_a_reassessment_by_the_second_handler_makes_the_first_the_approver(
        client, session, world, second_handler):
    claim_id = _claim(client, session, world, "40000")
    _act(client, claim_id, "assess", world.as_("claims_handler"))
    other = bearer(session, second_handler)
    _act(client, claim_id, "assess", other)
    assert _act(client, claim_id, "approve", other).json["error"]["code"] == "four_eyes"
    assert _act(client, claim_id, "approve", world.as_("claims_handler")).status_code == 200


def test_below_the_amount_one_handler_assesses_and_approves(client, session, world):
    claim_id = _claim(client, session, world, "27000")  # 24,300.00: just below
    _act(client, claim_id, "assess", world.as_("claims_handler"))
    assert _act(client, claim_id, "approve", world.as_("claims_handler")).status_code == 200


def test_the_amount_is_the_installations_setting(app, client, session, world):
    app.config["FOUR_EYES_AMOUNT"] = Decimal("18000.00")
    claim_id = _claim(client, session, world, "20000")  # 18,000.00: at the amount
    _act(client, claim_id, "assess", world.as_("claims_handler"))
    refused = _act(client, claim_id, "approve", world.as_("claims_handler"))
    assert (refused.status_code, refused.json["error"]["code"]) == (403, "four_eyes")


def test_the_claim_page_says_who_assessed_and_who_may_approve(
        client, session, world, second_handler):
    claim_id = _claim(client, session, world, "40000")
    here = f"/claims/{claim_id}"
    sign_in(client, world.claims_handler)
    assert post(client, f"{here}/assess", {}, page=here).status_code == 302
    mine = text(client.get(here))
    assert f"Assessed by {world.claims_handler.email} on 2026-06-15." in mine
    assert "a claims handler other than" in mine
    assert "You assessed this claim: another claims handler approves it." in mine
    assert "Approve 36,000.00 EUR" not in mine
    refused = post(client, f"{here}/approve", {}, page=here)
    assert refused.status_code == 403
    client.post("/sign-out", data={"csrf_token": _token(client)})
    sign_in(client, second_handler)
    theirs = text(client.get(here))
    assert "Approve 36,000.00 EUR" in theirs
    assert post(client, f"{here}/approve", {}, page=here).status_code == 302
    assert "Approved by Zhou Min on 2026-06-15." in text(client.get(here))


def _token(client):
    from tests.portal.test_pages import csrf_token

    return csrf_token(client, "/")
