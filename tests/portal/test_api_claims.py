"""Claims through the API: filing, the statement of loss in the answer, approval, rejection,
payment and recoveries; every claim state against every action; roles and duplicates.

The buyer (limit 100,000) owes X 20,000, due 4 Feb 2026, notified 1 Mar, insolvent 20 May."""

from __future__ import annotations

import pytest

from tests.claims.claims_world import covered_buyer, insolvent, inv, notify_through_api

TODAY = "2026-06-15"
STATEMENT_KEYS = {"invoices", "net_outstanding", "applicable_limit", "covered_amount",
                  "insured_pct", "deduction", "indemnity", "date_of_loss"}


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def case_id(client, session, world):
    buyer = covered_buyer(session, world.a)
    made = notify_through_api(client, world, buyer, inv("X", "2026-01-05", "20000", terms=30))
    insolvent(session, buyer, "2026-05-20")
    return made


def file(client, world, case_id, who="a.user", **headers):
    return client.post("/api/v1/claims", json={"case_id": case_id, "cause": "insolvency"},
                       headers={**world.as_(who), **headers})


def act(client, world, claim_id, action, body=None, who="claims_handler"):
    return client.post(f"/api/v1/claims/{claim_id}/{action}", json=body,
                       headers=world.as_(who))


def test_a_claim_from_filing_to_recovery(client, world, case_id):
    filed = file(client, world, case_id)
    assert filed.status_code == 201, filed.json
    claim = filed.json
    assert (claim["status"], claim["date_of_loss"], claim["filing_deadline"]) == (
        "open", "2026-05-20", "2026-11-16")
    assert (claim["opened_by"], claim["filed_late"], claim["statement"]) == ("insured", False,
                                                                             None)
    assessed = act(client, world, claim["id"], "assess").json
    statement = assessed["statement"]
    assert set(statement) >= STATEMENT_KEYS
    assert (statement["indemnity"], statement["insured_pct"], statement["date_of_loss"]) == (
        "18000.00", "90", "2026-05-20")
    assert {"eligible", "reasons"} <= set(statement["invoices"][0])
    seen = client.get(f"/api/v1/claims/{claim['id']}", headers=world.as_("a.user")).json
    assert seen["statement"] == statement
    approved = act(client, world, claim["id"], "approve").json
    assert (approved["status"], approved["payable_by"]) == ("approved", "2026-07-15")
    paid = act(client, world, claim["id"], "pay", {"paid_on": TODAY}).json
    assert (paid["status"], paid["paid_amount"]) == ("paid", "18000.00")
    recovered = act(client, world, claim["id"], "recoveries",
                    {"amount": "1000.00", "received_on": TODAY})
    assert recovered.status_code == 201
    # loss share: 1,000 × 18,000 / 20,000 = 900
    assert (recovered.json["insurer_share"], recovered.json["insured_share"]) == (
        "900.00", "100.00")
    assert recovered.json["id"]
    case = client.get(f"/api/v1/collection-cases/{case_id}", headers=world.as_("a.user")).json
    assert case["status"] == "closed" and case["claim_ids"] == [claim["id"]]


def test_a_second_claim_on_the_case_is_a_duplicate(client, world, case_id):
    key = {"Idempotency-Key": "claim-1"}
    first = file(client, world, case_id, **key)
    assert file(client, world, case_id, **key).json == first.json
    assert file(client, world, case_id).status_code == 409
    listed = client.get(f"/api/v1/claims?case_id={case_id}&status=open",
                        headers=world.as_("a.user")).json
    assert [c["id"] for c in listed["items"]] == [first.json["id"]]
    assert client.get("/api/v1/claims", headers=world.as_("b.user")).json["total"] == 0


def test_roles(client, world, case_id):
    assert file(client, world, case_id, who="claims_handler").status_code == 403
    assert file(client, world, case_id, who="b.user").status_code == 404
    claim_id = file(client, world, case_id).json["id"]
    for who in ("a.user", "underwriter"):
        assert act(client, world, claim_id, "assess", who=who).status_code == 403


def _in_state(client, world, claim_id, state):
    steps = {"open": [], "assessed": [("assess", None)],
             "approved": [("assess", None), ("approve", None)],
             "rejected": [("reject", {"reason": "No cover."})],
             "paid": [("assess", None), ("approve", None), ("pay", {"paid_on": TODAY})]}
    for action, body in steps[state]:
        assert act(client, world, claim_id, action, body).status_code == 200


ALLOWED = {("open", "assess"), ("assessed", "assess"), ("assessed", "approve"),
           ("open", "reject"), ("assessed", "reject"), ("approved", "pay")}
BODIES = {"assess": None, "approve": None, "reject": {"reason": "No cover."},
          "pay": {"paid_on": TODAY}}
WALK = [(s, a) for s in ("open", "assessed", "approved", "rejected", "paid") for a in BODIES]


@pytest.mark.parametrize(("state", "action"), WALK, ids=[f"{s}-{a}" for s, a in WALK])
def test_every_claim_state_against_every_action(client, world, case_id, state, action):
    claim_id = file(client, world, case_id).json["id"]
    _in_state(client, world, claim_id, state)
    answer = act(client, world, claim_id, action, BODIES[action])
    expected = 200 if (state, action) in ALLOWED else 409
    assert answer.status_code == expected, answer.json
    if expected == 409:
        assert answer.json["error"]["code"] == "invalid_transition"
    recovery = act(client, world, claim_id, "recoveries", {"amount": "1.00",
                                                           "received_on": TODAY})
    assert recovery.status_code == (201 if (state, action) == ("approved", "pay")
                                    or (state == "paid") else 409)
