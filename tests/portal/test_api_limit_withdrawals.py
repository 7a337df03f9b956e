"""A legal event recorded through the API withdraws the limits on the buyer and tells each
holder, and only that holder."""

import pytest

from tests.limits_world import graded_buyer


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-20")


def test_insolvency_through_the_api_withdraws_and_alerts(client, session, world, monkeypatch):
    buyer = graded_buyer(session)
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    granted = client.post("/api/v1/limit-requests", headers=world.as_("a.user"), json={
        "policy_id": world.a.policy.id, "buyer_id": buyer.id, "amount": "80000.00",
        "payment_terms_days": 60}).json
    assert granted["status"] == "approved"
    monkeypatch.setenv("TCI_TODAY", "2026-03-20")
    event = client.post(f"/api/v1/buyers/{buyer.id}/events", headers=world.as_("underwriter"),
                        json={"type": "insolvency", "date": "2026-03-10"})
    assert event.status_code == 201, event.json
    limits = f"/api/v1/credit-limits?buyer_id={buyer.id}"
    now = client.get(limits, headers=world.as_("a.user")).json["items"]
    assert now == []  # no limit in force any more
    ended = client.get(f"{limits}&on=2026-03-10&include_ended=true",
                       headers=world.as_("a.user")).json["items"]
    assert [(limit["status"], limit["amount"]) for limit in ended] == [("withdrawn", "0.00")]
    before = client.get(f"{limits}&on=2026-03-09", headers=world.as_("a.user")).json["items"]
    assert [limit["amount"] for limit in before] == ["80000.00"]
    alerts = client.get("/api/v1/alerts", headers=world.as_("a.user")).json["items"]
    assert [(a["kind"], a["as_of"], a["buyer_id"]) for a in alerts] == [
        ("limit_withdrawn", "2026-03-10", buyer.id)]
    assert client.get("/api/v1/alerts", headers=world.as_("b.user")).json["items"] == []
