"""A case closed by a paid claim carries its open disputes over, explicitly: the disputed part
was left out of the claim, and the case and its page say so instead of a dispute "open" on a
closed case."""

from __future__ import annotations

import pytest

from tests.claims.claims_world import covered_buyer, insolvent, inv, notify_through_api
from tests.portal.test_pages import sign_in, text

TODAY = "2026-06-15"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def test_a_paid_claim_carries_the_open_dispute_over(client, session, world):
    buyer = covered_buyer(session, world.a)
    insured, handler = world.as_("a.user"), world.as_("claims_handler")
    case_id = notify_through_api(client, world, buyer, inv("X", "2026-01-05", "20000", terms=30))
    client.post(f"/api/v1/collection-cases/{case_id}/disputes", headers=insured, json={
        "invoice_number": "X", "amount": "1000.00", "reason": "Short delivery"})
    insolvent(session, buyer, "2026-05-20")
    claim_id = client.post("/api/v1/claims", json={"case_id": case_id, "cause": "insolvency"},
                           headers=insured).json["id"]
    for action, payload in (("assess", None), ("approve", None), ("pay", {"paid_on": TODAY})):
        done = client.post(f"/api/v1/claims/{claim_id}/{action}", json=payload, headers=handler)
        assert done.status_code == 200, done.json
    assert done.json["paid_amount"] == "17100.00"  # (20,000 − 1,000) × 90 %: the dispute out
    case = client.get(f"/api/v1/collection-cases/{case_id}", headers=insured).json
    assert case["status"] == "closed"
    assert [d["status"] for d in case["disputes"]] == ["carried_over"]
    assert [e["kind"] for e in case["timeline"]][-2:] == ["claim_paid", "dispute_carried_over"]
    sign_in(client, world.a.user)
    page = text(client.get(f"/cases/{case_id}"))
    assert "Carried over: left out of the paid claim" in page and "Open since" not in page
    assert "Dispute carried over, left out of the paid claim" in page
