"""Bookkeeping for daily jobs: which job ran for which day and tenant, and the scheduler lease.

A job step for (job, day, tenant) is recorded in the same transaction as its effects, so a
replayed day skips what already ran and a crashed step leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from core.clock import utcnow
from core.db import Base


class JobRun(Base):
    __tablename__ = "job_runs"
    __table_args__ = (UniqueConstraint("job", "as_of", "tenant_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64))
    as_of: Mapped[dt.date]
    tenant_key: Mapped[int] = mapped_column(default=0)  # 0: the job is not per tenant
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"))
    finished_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    summary: Mapped[str] = mapped_column(String(500), default="")


def already_ran(session: Session, job: str, as_of: dt.date, insured_id: int | None) -> bool:
    query = select(JobRun.id).where(
        JobRun.job == job, JobRun.as_of == as_of, JobRun.tenant_key == (insured_id or 0)
    )
    return session.scalar(query) is not None


def mark_ran(
    session: Session, job: str, as_of: dt.date, insured_id: int | None, summary: str
) -> None:
    session.add(
        JobRun(job=job, as_of=as_of, tenant_key=insured_id or 0, insured_id=insured_id,
               summary=summary[:500])
    )
    session.flush()


class SchedulerLease(Base):
    """One row per lock name: whoever holds an unexpired lease runs the jobs."""

    __tablename__ = "scheduler_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[dt.datetime]


def acquire_lease(session: Session, name: str, holder: str, ttl: dt.timedelta) -> bool:
    """Take or renew the lease `name` for `holder`; False while someone else holds it.

    One conditional UPDATE (or the first INSERT) decides, so two processes never both win.
    The caller commits.
    """
    now = utcnow()
    taken = session.execute(
        update(SchedulerLease)
        .where(SchedulerLease.name == name)
        .where((SchedulerLease.holder == holder) | (SchedulerLease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount == 1:  # type: ignore[attr-defined]
        return True
    if session.get(SchedulerLease, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(SchedulerLease(name=name, holder=holder, expires_at=now + ttl))
    except IntegrityError:
        return False
    return True
