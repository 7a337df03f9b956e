"""The scheduler lease, the scheduler's tick, and how a day of jobs is run per tenant."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import jobs
from core.clock import utcnow
from core.jobs import JobRun, SchedulerLease, acquire_lease
from portal import jobs as portal_jobs
from portal import scheduler
from portal.jobs import DailyJob, run_day
from tests.factories import World

TTL = dt.timedelta(minutes=10)
DAY = dt.date(2026, 3, 1)


def runs(session: Session, job: str) -> list[JobRun]:
    session.expire_all()
    return list(session.scalars(select(JobRun).where(JobRun.job == job).order_by(JobRun.id)))


def holder_of(session: Session, name: str) -> str | None:
    session.expire_all()
    return session.scalar(select(SchedulerLease.holder).where(SchedulerLease.name == name))


def test_first_holder_takes_the_lease_and_a_second_is_refused(session: Session) -> None:
    assert acquire_lease(session, "lease-test", "host-a:1", TTL)
    assert not acquire_lease(session, "lease-test", "host-b:2", TTL)
    session.commit()
    assert holder_of(session, "lease-test") == "host-a:1"


def test_the_holder_renews_its_lease(session: Session) -> None:
    assert acquire_lease(session, "lease-test", "host-a:1", TTL)
    session.commit()
    first = session.get_one(SchedulerLease, "lease-test").expires_at
    assert acquire_lease(session, "lease-test", "host-a:1", TTL * 2)
    session.commit()
    session.expire_all()
    assert session.get_one(SchedulerLease, "lease-test").expires_at > first


def test_another_holder_takes_over_an_expired_lease(session: Session) -> None:
    assert acquire_lease(session, "lease-test", "host-a:1", TTL)
    session.execute(
        update(SchedulerLease).where(SchedulerLease.name == "lease-test")
        .values(expires_at=utcnow() - dt.timedelta(seconds=1))
    )
    session.commit()
    assert acquire_lease(session, "lease-test", "host-b:2", TTL)
    session.commit()
    assert holder_of(session, "lease-test") == "host-b:2"
    assert not acquire_lease(session, "lease-test", "host-a:1", TTL)  # the old holder stands by


def test_a_lease_with_no_time_left_is_free(session: Session) -> None:
    assert acquire_lease(session, "lease-test", "host-a:1", dt.timedelta(seconds=-1))
    assert acquire_lease(session, "lease-test", "host-b:2", TTL)


def test_tick_runs_the_day_for_the_holder_only(
    app: Flask, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TCI_TODAY", DAY.isoformat())
    assert scheduler.tick(app, "host-a:1") is True
    assert [run.as_of for run in runs(session, "housekeeping")] == [DAY]
    assert holder_of(session, scheduler.LEASE) == "host-a:1"
    assert scheduler.tick(app, "host-b:2") is False
    assert scheduler.tick(app, "host-a:1") is True  # renewed; the day is already done
    assert len(runs(session, "housekeeping")) == 1


def _per_tenant_job(failing_insured: int, seen: list[int | None]) -> DailyJob:
    def remind(session: Session, as_of: dt.date, insured_id: int | None) -> str:
        jobs.mark_ran(session, "remind-trace", as_of, insured_id, "written before the failure")
        if insured_id == failing_insured:
            raise RuntimeError("this tenant's data is broken")
        seen.append(insured_id)
        return "reminded"

    return DailyJob("remind", remind, per_tenant=True)


def test_one_tenants_failure_does_not_stop_the_others(
    app: Flask, session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int | None] = []
    job = _per_tenant_job(world.a.insured.id, seen)
    monkeypatch.setattr(portal_jobs, "DAILY_JOBS", (job,))
    a, b = world.a.insured.id, world.b.insured.id

    outcomes = {o.insured_id: o.status for o in run_day(app, DAY)}
    assert outcomes == {a: "failed", b: "done"}
    assert seen == [b]
    assert [run.insured_id for run in runs(session, "remind")] == [b]
    assert [run.insured_id for run in runs(session, "remind-trace")] == [b]  # a's rolled back

    again = {o.insured_id: o.status for o in run_day(app, DAY)}
    assert again == {a: "failed", b: "skipped"}
    assert seen == [b]
    assert [run.insured_id for run in runs(session, "remind")] == [b]


def test_a_failed_tenant_runs_once_it_is_fixed(
    app: Flask, session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int | None] = []
    monkeypatch.setattr(portal_jobs, "DAILY_JOBS", (_per_tenant_job(world.a.insured.id, seen),))
    run_day(app, DAY)
    monkeypatch.setattr(portal_jobs, "DAILY_JOBS", (_per_tenant_job(-1, seen),))
    outcomes = {o.insured_id: o.status for o in run_day(app, DAY)}
    assert outcomes == {world.a.insured.id: "done", world.b.insured.id: "skipped"}
    assert {run.insured_id for run in runs(session, "remind")} == {
        world.a.insured.id, world.b.insured.id
    }
