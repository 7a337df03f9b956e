"""Buyer files uploaded on a page, imported while the page shows how far the import has come.

The upload is stored in the database as a job, and a thread of the process that received it
imports it in parts of PART_ROWS rows, each part committed together with the job's progress.
So any host behind the balancer can show the progress (it reads the job row), and a long
import never holds a request, a gunicorn worker's timeout, or one huge transaction. Parts are
upserts on (country, registration number): a job that failed or was interrupted part-way is
completed by uploading the file again. A running job whose heartbeat stops (its process died)
is shown as interrupted after STALE.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import threading
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String, Text, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from buyers_db.imports import import_buyers
from core import audit
from core.actor import STAFF_ROLES, Actor
from core.clock import today, utcnow
from core.db import Base
from core.errors import DomainError, NotFound
from core.tenancy import Scope, tenant_scope
from underwriting.grading.runs import grade

PART_ROWS = 50_000
STALE = dt.timedelta(minutes=2)
SHOWN_ERRORS = 20


class BuyerImportJob(Base):
    __tablename__ = "buyer_import_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # running, done, failed
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list[Any]] = mapped_column(default=list)
    error: Mapped[str | None] = mapped_column(Text)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    heartbeat_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]

    def state(self, now: dt.datetime) -> str:
        """queued, running, done, failed, or interrupted (running, but silent for STALE)."""
        beat = self.heartbeat_at or self.created_at
        if self.status in ("queued", "running") and now - beat > STALE:
            return "interrupted"
        return self.status

    def rate(self, now: dt.datetime) -> float:
        """Rows a second so far."""
        if not self.started_at or not self.rows_done:
            return 0.0
        end = self.finished_at or now
        return self.rows_done / max((end - self.started_at).total_seconds(), 1e-3)

    def seconds_left(self, now: dt.datetime) -> float | None:
        rate = self.rate(now)
        return (self.rows_total - self.rows_done) / rate if rate else None


def queue_import(
    session: Session, content: bytes, filename: str, *, actor: Actor
) -> BuyerImportJob:
    """A job for the uploaded file, not started yet (see `start`)."""
    actor.require(*STAFF_ROLES)
    job = BuyerImportJob(filename=filename[:255], content=content, status="queued",
                         rows_total=sum(1 for _ in _rows(content)), started_by=actor.user_id,
                         errors=[], created_at=utcnow(), heartbeat_at=utcnow())
    session.add(job)
    session.flush()
    return job


def get_job(session: Session, job_id: int, *, actor: Actor) -> BuyerImportJob:
    actor.require(*STAFF_ROLES)
    job = session.get(BuyerImportJob, job_id)
    if job is None:
        raise NotFound("No such import.")
    return job


def start(factory: Callable[[], Session], job_id: int, actor: Actor) -> threading.Thread:
    """Run the committed job in a thread of this process, under the id of the request that
    uploaded it: its log lines and audit rows lead back to the upload."""
    upload = audit.request_id.get()

    def work() -> None:
        audit.request_id.set(upload)
        run(factory, job_id, actor)

    thread = threading.Thread(target=work, name=f"buyer-import-{job_id}", daemon=True)
    thread.start()
    return thread


def run(factory: Callable[[], Session], job_id: int, actor: Actor) -> None:
    """Claim the job (once, whoever tries) and import it part by part, then grade."""
    with factory() as session, tenant_scope(Scope.everyone()):
        claimed = session.execute(
            update(BuyerImportJob).where(BuyerImportJob.id == job_id,
                                         BuyerImportJob.status == "queued")
            .values(status="running", started_at=utcnow(), heartbeat_at=utcnow()))
        session.commit()
        if getattr(claimed, "rowcount", 0) != 1:
            return
        job = session.get_one(BuyerImportJob, job_id)
        try:
            for first_row, part in _parts(job.content):
                report = import_buyers(session, io.BytesIO(part), actor=actor)
                job.rows_done += report.created + report.updated + report.rejected
                job.created += report.created
                job.updated += report.updated
                job.rejected += report.rejected
                room = SHOWN_ERRORS - len(job.errors)
                job.errors = [*job.errors, *({"line": e.line + first_row - 1, "reason": e.reason}
                                             for e in report.errors[:max(room, 0)])]
                job.heartbeat_at = utcnow()
                session.commit()
            grade(session, as_of=today())
            job.status, job.finished_at = "done", utcnow()
            session.commit()
        except DomainError as refused:
            _fail(session, job_id, refused.message)
        except Exception as failure:
            _fail(session, job_id, type(failure).__name__)
            raise


def _fail(session: Session, job_id: int, reason: str) -> None:
    session.rollback()
    session.execute(update(BuyerImportJob).where(BuyerImportJob.id == job_id).values(
        status="failed", error=reason, finished_at=utcnow(), heartbeat_at=utcnow()))
    session.commit()


def _rows(content: bytes) -> Iterator[list[str]]:
    """The data rows of a CSV upload (after its header)."""
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig", errors="replace"), newline=""))
    next(reader, None)
    yield from reader


def _parts(content: bytes) -> Iterator[tuple[int, bytes]]:
    """The upload as CSV files of PART_ROWS rows, each with the header, and the number of each
    part's first row among the upload's rows (1 for the first part)."""
    text = content.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        yield 1, content
        return
    first, rows = 1, []
    for row in reader:
        rows.append(row)
        if len(rows) == PART_ROWS:
            yield first, _csv(header, rows)
            first, rows = first + len(rows), []
    if rows or first == 1:
        yield first, _csv(header, rows)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()
