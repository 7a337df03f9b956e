"""The daily jobs and how a day is run: per job, per tenant, each step in its own transaction.

A step that already ran for (job, day, tenant) is skipped, so replaying a day changes nothing;
one tenant's failure is logged and does not stop the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from claims.jobs import advance_collection, open_claims_on_loss
from claims.receivables.announcements import announce_deadlines
from claims.reminders import remind_deadlines
from core import jobs
from core.accounts.models import ApiToken, Insured, SignInThrottle
from core.accounts.signin import FORGET_AFTER
from core.clock import utcnow
from core.db import begin_writing, is_lock_timeout
from core.tenancy import Scope, tenant_scope
from notifications.digest import send_digests
from portal.api.idempotency import purge_expired
from portal.metrics import count_job_step
from portal.notify import outlets
from underwriting.limits.expiry import announce_expiries
from underwriting.premium import jobs as premium_jobs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[Session, dt.date, int | None], str]
    per_tenant: bool


@dataclass(frozen=True)
class StepOutcome:
    job: str
    insured_id: int | None
    status: str  # "done", "skipped" (ran before) or "failed"
    summary: str


def housekeeping(session: Session, _as_of: dt.date, _insured_id: int | None) -> str:
    """Forget what has served its purpose: replayable answers, dead sign-in tokens, throttles."""
    now = utcnow()
    answers = purge_expired(session)
    dead = session.execute(
        delete(ApiToken).where(ApiToken.kind == "session", ApiToken.expires_at < now)
    ).rowcount  # type: ignore[attr-defined]
    throttles = session.execute(
        delete(SignInThrottle).where(SignInThrottle.last_failure_at < now - FORGET_AFTER)
    ).rowcount  # type: ignore[attr-defined]
    return f"{answers} stored answers, {dead} expired sign-in tokens, {throttles} throttles removed"


def notification_digest(session: Session, as_of: dt.date, _insured_id: int | None) -> str:
    """The day's digests of every user who chose them (the insurer's admins too)."""
    return send_digests(session, as_of, outlets())


DAILY_JOBS: tuple[DailyJob, ...] = (
    DailyJob("housekeeping", housekeeping, per_tenant=False),
    DailyJob(premium_jobs.JOB_NAME, premium_jobs.run_premium, per_tenant=True),
    DailyJob("collection_ladder", advance_collection, per_tenant=True),
    DailyJob("claims_on_loss", open_claims_on_loss, per_tenant=True),
    DailyJob("deadline_reminders", remind_deadlines, per_tenant=True),
    DailyJob("receivables_deadlines", announce_deadlines, per_tenant=True),
    DailyJob("limit_expiries", announce_expiries, per_tenant=True),
    DailyJob("notification_digest", notification_digest, per_tenant=False),
)


def run_day(app: Flask, as_of: dt.date) -> list[StepOutcome]:
    """Run every daily job for `as_of`, in the app's context: the digest reads its mail
    settings there, whoever calls (the scheduler, `flask jobs run`, a test)."""
    outcomes: list[StepOutcome] = []
    with app.app_context():
        factory: sessionmaker[Session] = app.extensions["database"].factory
        for job in DAILY_JOBS:
            for insured_id in _tenants(factory) if job.per_tenant else [None]:
                outcome = _step(factory, job, as_of, insured_id)
                count_job_step(job.name, outcome.status)
                outcomes.append(outcome)
    return outcomes


def _tenants(factory: sessionmaker[Session]) -> list[int | None]:
    with factory() as session, tenant_scope(Scope.everyone()):
        query = select(Insured.id).where(Insured.active).order_by(Insured.id)
        return list(session.scalars(query))


LOCK_RETRY_DELAYS = (1, 2, 4, 8, 15, 30, 60)  # seconds: about two minutes in all


def _step(
    factory: sessionmaker[Session], job: DailyJob, as_of: dt.date, insured_id: int | None
) -> StepOutcome:
    """One job for one day and tenant. A step that meets another writer's lock waits and tries
    again, so that a busy web tier never costs a day; one that still cannot run is "failed" and
    the next tick takes it up again."""
    for delay in (*LOCK_RETRY_DELAYS, None):
        try:
            return _attempt(factory, job, as_of, insured_id)
        except OperationalError as error:
            if delay is None or not is_lock_timeout(error):
                return _failed(job, as_of, insured_id, error)
            log.warning("Job %s for insured %s on %s met a lock; again in %s s",
                        job.name, insured_id, as_of, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")


def _attempt(
    factory: sessionmaker[Session], job: DailyJob, as_of: dt.date, insured_id: int | None
) -> StepOutcome:
    scope = Scope.insured(insured_id) if insured_id is not None else Scope.everyone()
    with factory() as session, tenant_scope(scope):
        begin_writing(session)  # the check below and the job's writes see the same data
        if jobs.already_ran(session, job.name, as_of, insured_id):
            return StepOutcome(job.name, insured_id, "skipped", "ran before")
        try:
            summary = job.run(session, as_of, insured_id)
            jobs.mark_ran(session, job.name, as_of, insured_id, summary)
            session.commit()
        except OperationalError:
            session.rollback()
            raise
        except IntegrityError as error:
            session.rollback()
            if _ran_meanwhile(factory, job, as_of, insured_id):  # another process, same step
                return StepOutcome(job.name, insured_id, "skipped", "ran meanwhile")
            return _failed(job, as_of, insured_id, error)
        except Exception as error:  # one tenant's failure must not stop the others
            session.rollback()
            return _failed(job, as_of, insured_id, error)
    return StepOutcome(job.name, insured_id, "done", summary)


def _ran_meanwhile(
    factory: sessionmaker[Session], job: DailyJob, as_of: dt.date, insured_id: int | None
) -> bool:
    with factory() as session, tenant_scope(Scope.everyone()):
        return jobs.already_ran(session, job.name, as_of, insured_id)


def _failed(job: DailyJob, as_of: dt.date, insured_id: int | None, error: Exception) -> StepOutcome:
    log.error("Job %s for insured %s on %s failed", job.name, insured_id, as_of, exc_info=error)
    return StepOutcome(job.name, insured_id, "failed", type(error).__name__)
