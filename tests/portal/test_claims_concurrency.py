"""Payments racing on one case, with real commits on the suite's database engine (PostgreSQL in
CI: the case row is locked; SQLite: writers queue): the totals stay exact and no payment takes
more than was owed."""

from __future__ import annotations

import threading
from decimal import Decimal

from sqlalchemy import func, select

from claims.models import CaseSettlement, CollectionCase
from tests.claims.claims_world import as_json, covered_buyer, inv
from tests.factories import bearer, build_world
from tests.portal.test_limit_concurrency import committing_app  # noqa: F401 - the fixture

PAYERS = 12


def test_parallel_payments_keep_the_case_exact(committing_app, monkeypatch):  # noqa: F811
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")
    factory = committing_app.extensions["database"].factory
    with factory() as session:
        world = build_world(session)
        buyer = covered_buyer(session, world.a)
        headers = bearer(session, world.a.user)
        session.commit()
        policy_id = world.a.policy.id
    # owed 1,000.00 on three invoices; twelve payers of 100.00 each race for it
    body = {"policy_id": policy_id, "buyer_id": buyer.id, "invoices": [
        as_json(inv("R-1", "2026-03-01", "333.33")), as_json(inv("R-2", "2026-03-02", "333.33")),
        as_json(inv("R-3", "2026-03-03", "333.34"))]}
    made = committing_app.test_client().post("/api/v1/overdue-notifications", json=body,
                                              headers=headers)
    case_id = made.json["case_id"]
    codes = _race(committing_app, case_id, headers)
    # the tenth payment settles the case and closes it: the last two find it closed
    assert sorted(codes) == [201] * 10 + [409] * 2, codes
    with factory() as session:
        paid = session.scalar(select(func.sum(CaseSettlement.amount)).where(
            CaseSettlement.case_id == case_id), execution_options={"across_tenants": True})
        status = session.scalar(select(CollectionCase.status).where(
            CollectionCase.id == case_id), execution_options={"across_tenants": True})
    assert Decimal(paid) == Decimal("1000.00")
    assert status.value == "closed"


def _race(app, case_id, headers):
    start = threading.Barrier(PAYERS)
    codes: list[int] = [0] * PAYERS

    def pay(n):
        client = app.test_client()
        start.wait()
        answer = client.post(f"/api/v1/collection-cases/{case_id}/payments", headers=headers,
                             json={"amount": "100.00", "received_on": "2026-06-15",
                                   "reference": f"payer {n}"})
        codes[n] = answer.status_code

    threads = [threading.Thread(target=pay, args=(n,)) for n in range(PAYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes
