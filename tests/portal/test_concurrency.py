"""Races with real commits on the suite's database engine: one Idempotency-Key sent by several
clients at once, two schedulers started at once, and two runs of the same day at once (a
scheduler and `flask jobs run`). Totals stay exact and nothing is done twice."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from core import jobs
from core.audit import AuditEntry
from core.db import begin_writing
from core.jobs import JobRun
from portal import scheduler
from portal.api.idempotency import IdempotentResponse
from portal.jobs import DAILY_JOBS, run_day
from tests.endpoints import TODAY
from tests.factories import World, build_world
from tests.limits_world import graded_buyer
from underwriting.limits.models import CreditLimit, LimitRequest

CLIENTS = 4
LATER = dt.date.fromisoformat(TODAY) + dt.timedelta(days=45)  # past the reductions' notice


def at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(n)` for n in range(count) in threads released together; their results."""
    start, results = threading.Barrier(count), [None] * count

    def run(n: int) -> None:
        start.wait()
        results[n] = work(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def count(app: Flask, model: type, *where: Any) -> int:
    with app.extensions["database"].factory() as session:
        query = select(func.count()).select_from(model).where(*where)
        return session.scalar(query, execution_options={"across_tenants": True}) or 0


@pytest.fixture
def live(committing_app: Flask, monkeypatch: pytest.MonkeyPatch) -> tuple[Flask, World, int]:
    monkeypatch.setenv("TCI_TODAY", TODAY)
    with committing_app.extensions["database"].factory() as session:
        world = build_world(session)
        buyer = graded_buyer(session, name="Racing Buyer GmbH")
    return committing_app, world, buyer.id


def test_one_idempotency_key_sent_at_once_creates_one_request(
    live: tuple[Flask, World, int]
) -> None:
    app, world, buyer_id = live
    headers = {**world.as_("a.user"), "Idempotency-Key": "erp-order-4711"}
    body = {"policy_id": world.a.policy.id, "buyer_id": buyer_id, "amount": "70000.00",
            "payment_terms_days": 60}
    answers = at_once(CLIENTS, lambda n: app.test_client().post(
        "/api/v1/limit-requests", headers=headers, json=body))
    assert {a.status_code for a in answers} == {201}, [a.json for a in answers]
    assert len({a.json["id"] for a in answers}) == 1
    assert len({a.get_data() for a in answers}) == 1  # the replays are the first answer
    assert count(app, LimitRequest) == 1
    assert count(app, CreditLimit) == 1
    assert count(app, IdempotentResponse) == 1
    assert count(app, AuditEntry, AuditEntry.action == "limit_request.create") == 1


@pytest.mark.parametrize("path", ["/api/v1/buyers", "/api/v1/insureds"])
def test_one_idempotency_key_sent_at_once_replays_where_a_repeat_would_be_a_duplicate(
    live: tuple[Flask, World, int], path: str
) -> None:
    """A create that refuses its own duplicate (409) must still replay the first answer to a
    request with the same key that arrives while the first is running."""
    app, world, _buyer_id = live
    who = "a.user" if path == "/api/v1/buyers" else "insurer_admin"
    headers = {**world.as_(who), "Idempotency-Key": f"erp-{path}"}
    body = {"country": "DE", "registration_number": "HRB 4711", "name": "Zugleich GmbH"}
    answers = at_once(CLIENTS, lambda n: app.test_client().post(path, headers=headers,
                                                                json=body))
    assert [a.status_code for a in answers] == [201] * CLIENTS, [a.json for a in answers]
    assert len({a.get_data() for a in answers}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == CLIENTS - 1
    assert count(app, IdempotentResponse) == 1


def test_a_keyed_request_reads_and_checks_while_another_writes(
    live: tuple[Flask, World, int]
) -> None:
    """The key is kept at the end, inside the lock the view takes itself: a request refused
    before it locks anything (another insured's policy) answers while a writer holds the
    database. SQLite has one write lock, which a key claimed first used to take at once;
    PostgreSQL's writers lock only rows."""
    app, world, buyer_id = live
    headers = {**world.as_("a.user"), "Idempotency-Key": "erp-order-4712"}
    body = {"policy_id": world.b.policy.id, "buyer_id": buyer_id, "amount": "1000.00",
            "payment_terms_days": 60}
    writing, answered = threading.Event(), threading.Event()
    # A token's first use in a minute is noted (a write of its own): noted now, before.
    assert app.test_client().get("/api/v1/policies", headers=headers).status_code == 200

    def writer() -> None:
        with app.extensions["database"].factory() as session:
            begin_writing(session)
            writing.set()
            answered.wait(timeout=15)
            session.rollback()

    holder = threading.Thread(target=writer)
    holder.start()
    writing.wait()
    started = time.monotonic()
    try:
        answer = app.test_client().post("/api/v1/limit-requests", headers=headers, json=body)
    finally:
        answered.set()
        holder.join()
    assert answer.status_code == 404, answer.json
    assert time.monotonic() - started < 5  # not after the writer gave up its lock
    assert count(app, IdempotentResponse) == 0


def _reduced_limits(app: Flask, world: World, buyer_id: int) -> list[int]:
    """One approved limit per tenant, each reduced by the underwriter with notice."""
    client, limits = app.test_client(), []
    for tenant, who in ((world.a, "a.user"), (world.b, "b.user")):
        made = client.post("/api/v1/limit-requests", headers=world.as_(who), json={
            "policy_id": tenant.policy.id, "buyer_id": buyer_id, "amount": "50000.00",
            "payment_terms_days": 60})
        limit_id = made.json["credit_limit"]["id"]
        reduced = client.post(f"/api/v1/credit-limits/{limit_id}/reduce",
                              headers=world.as_("underwriter"),
                              json={"amount": "20000.00", "reason_codes": ["RED"]})
        assert reduced.status_code == 200, reduced.json
        limits.append(limit_id)
    return limits


def _applied_once(app: Flask, limits: list[int]) -> None:
    # No job keeps limits up to date: the history says the reduction is in force that day.
    with app.extensions["database"].factory() as session:
        held = session.scalars(select(CreditLimit).where(CreditLimit.id.in_(limits)),
                               execution_options={"across_tenants": True})
        assert {str(limit.amount_on(LATER)) for limit in held} == {"20000.00"}
        runs = session.execute(select(JobRun.job, JobRun.as_of, JobRun.tenant_key)).all()
    assert len(runs) == len(set(runs))
    per_tenant = sum(1 for job in DAILY_JOBS if job.per_tenant)
    once = len(DAILY_JOBS) - per_tenant
    assert len([r for r in runs if r.as_of == LATER]) == once + per_tenant * 2


def test_two_schedulers_started_at_once_run_the_day_once(
    live: tuple[Flask, World, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, world, buyer_id = live
    limits = _reduced_limits(app, world, buyer_id)
    monkeypatch.setenv("TCI_TODAY", LATER.isoformat())
    held = at_once(2, lambda n: scheduler.tick(app, f"host-{n}:{n}"))
    assert sorted(held) == [False, True]
    _applied_once(app, limits)


def test_the_same_day_run_twice_at_once_applies_each_change_once(
    live: tuple[Flask, World, int]
) -> None:
    app, world, buyer_id = live
    limits = _reduced_limits(app, world, buyer_id)
    outcomes = at_once(2, lambda n: run_day(app, LATER))
    for first, second in zip(*outcomes, strict=True):
        assert sorted([first.status, second.status]) == ["done", "skipped"]
    _applied_once(app, limits)


def test_a_job_step_that_meets_a_writer_waits_for_it(live: tuple[Flask, World, int]) -> None:
    """The web tier writes while the daily jobs run (the scheduler beside gunicorn): a step
    that reads, then meets a writer's commit, used to fail with "database is locked"."""
    app, world, buyer_id = live
    limits = _reduced_limits(app, world, buyer_id)
    factory = app.extensions["database"].factory
    writing = threading.Event()

    def web_request(n: int) -> list[Any]:
        if n == 0:
            with factory() as session:
                begin_writing(session)
                writing.set()
                time.sleep(1.0)  # the jobs start meanwhile
                jobs.mark_ran(session, "a-web-write", LATER, None, "")
                session.commit()
            return []
        writing.wait()
        return run_day(app, LATER)

    outcomes = at_once(2, web_request)[1]
    assert {outcome.status for outcome in outcomes} == {"done"}, outcomes
    _applied_once_beside(app, limits, "a-web-write")


def _applied_once_beside(app: Flask, limits: list[int], other_job: str) -> None:
    with app.extensions["database"].factory() as session:
        session.execute(JobRun.__table__.delete().where(JobRun.job == other_job))
        session.commit()
    _applied_once(app, limits)
