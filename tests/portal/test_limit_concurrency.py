"""Two insureds racing for a buyer's last capacity never both win, with real commits on the
suite's database engine (PostgreSQL in CI: the buyer row is locked; SQLite: writers queue).
The loser is referred (CLF), never granted what is left; an increase races like a new limit."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

from sqlalchemy import select

from tests.factories import bearer, build_world
from tests.limits_world import graded_buyer
from underwriting.limits.models import CreditLimit

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
        answers = _race(committing_app, buyer.id, policies, headers, ["80000.00", "80000.00"])
        assert sorted(a["status"] for a in answers) == ["approved", "referred"], answers
        winner = 0 if answers[0]["status"] == "approved" else 1
        # 40,000 left: the winner's increase to 120,000 fits, and so does the loser's 40,000;
        # not both at once.
        amounts = ["120000.00", "40000.00"] if winner == 0 else ["40000.00", "120000.00"]
        answers = _race(committing_app, buyer.id, policies, headers, amounts)
        assert sorted(a["status"] for a in answers) == ["approved", "referred"], answers
        assert answers[winner]["kind"] == "increase"
    with factory() as session:
        for buyer in buyers:
            limits = session.scalars(select(CreditLimit).where(CreditLimit.buyer_id == buyer.id),
                                     execution_options={"across_tenants": True}).all()
            held = sorted(limit.amount_on(dt.date(2026, 3, 2)) for limit in limits)
            assert sum(held) <= Decimal("120000.00") and held[-1] >= Decimal("80000.00"), held


def _race(app, buyer_id, policies, headers, amounts):
    start = threading.Barrier(2)
    answers: list[dict] = [{}, {}]

    def ask(n):
        client = app.test_client()
        body = {"policy_id": policies[n], "buyer_id": buyer_id, "amount": amounts[n],
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
