"""Two insureds racing for a buyer's last capacity never both win, with real commits on the
suite's database engine (PostgreSQL in CI: the buyer row is locked; SQLite: writers queue)."""

from __future__ import annotations

import threading
from decimal import Decimal

from sqlalchemy import func, select

from tests.factories import bearer, build_world
from tests.limits_world import graded_buyer
from underwriting.limits.models import CreditLimit, LimitStatus

ROUNDS = 4


def test_parallel_requests_never_share_the_last_capacity(committing_app, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    factory = committing_app.extensions["database"].factory
    with factory() as session:
        world = build_world(session)
        buyers = [graded_buyer(session, revenue="1000000") for _ in range(ROUNDS)]  # 120k
        headers = [bearer(session, world.a.user), bearer(session, world.b.user)]
        session.commit()
        policies = [world.a.policy.id, world.b.policy.id]
    for buyer in buyers:
        answers = _race(committing_app, buyer.id, policies, headers, amount="80000.00")
        granted = sorted(Decimal(a.get("decided_amount") or 0) for a in answers)
        assert granted == [Decimal("40000.00"), Decimal("80000.00")], answers
    with factory() as session:
        for buyer in buyers:
            total = session.scalar(
                select(func.sum(CreditLimit.amount)).where(
                    CreditLimit.buyer_id == buyer.id, CreditLimit.status == LimitStatus.ACTIVE),
                execution_options={"across_tenants": True})
            assert Decimal(total) == Decimal("120000.00")


def _race(app, buyer_id, policies, headers, amount):
    start = threading.Barrier(2)
    answers: list[dict] = [{}, {}]

    def ask(n):
        client = app.test_client()
        body = {"policy_id": policies[n], "buyer_id": buyer_id, "amount": amount,
                "payment_terms_days": 30}
        start.wait()
        response = client.post("/api/v1/limit-requests", json=body, headers=headers[n])
        assert response.status_code == 201, response.json
        answers[n] = response.json

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
