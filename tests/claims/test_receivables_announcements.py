"""The ledger's deadlines raise `deadline.approaching` from the daily job, once per invoice and
kind: not again the next day, nor after the same ledger is uploaded again."""

import datetime as dt
import io

import pytest
from sqlalchemy import select

from core.outbox import EventType, OutboxEvent
from core.tenancy import Scope, tenant_scope
from portal.jobs import run_day
from tests.claims.receivables_world import TODAY, ledger_buyers, ledger_csv


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def announced(session):
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return list(session.scalars(select(OutboxEvent).where(
            OutboxEvent.object_type == "receivables").order_by(OutboxEvent.id)))


def upload(client, world, content):
    answer = client.post(f"/api/v1/policies/{world.a.policy.id}/receivables",
                         data={"file": (io.BytesIO(content), "ledger.csv")},
                         headers=world.as_("a.user"), content_type="multipart/form-data")
    assert answer.status_code == 201, answer.json


def test_each_deadline_is_announced_once(app, client, session, world):
    buyers = ledger_buyers(session, world.a)
    upload(client, world, ledger_csv(buyers))
    outcomes = run_day(app, dt.date(2026, 3, 2))
    job = [o for o in outcomes if o.job == "receivables_deadlines"]
    assert [(o.insured_id, o.status, o.summary) for o in job] == [
        (world.a.insured.id, "done", "2 receivables deadlines announced"),
        (world.b.insured.id, "done", "0 receivables deadlines announced")]
    events = announced(session)
    # B-1's MEP expiry (11 Mar, 9 days on) and A-3's notification deadline (15 Mar, 13 days
    # on), in the ledger's order of buyers (the largest uncovered first)
    assert [(e.event_type, e.insured_id, e.object_id, e.data["kind"], e.data["invoice_number"],
             e.data["date"], e.data["days_left"], e.data["buyer_id"]) for e in events] == [
        (EventType.DEADLINE_APPROACHING.value, world.a.insured.id, world.a.policy.id,
         "mep_expiry", "B-1", "2026-03-11", 9, buyers["b"].id),
        (EventType.DEADLINE_APPROACHING.value, world.a.insured.id, world.a.policy.id,
         "notification_deadline", "A-3", "2026-03-15", 13, buyers["a"].id)]
    assert events[0].data["case_id"] is None and events[0].data["note"]
    upload(client, world, ledger_csv(buyers))  # the same ledger again
    later = [o for o in run_day(app, dt.date(2026, 3, 3)) if o.job == "receivables_deadlines"]
    assert [o.summary for o in later] == ["0 receivables deadlines announced"] * 2
    assert len(announced(session)) == 2
