"""The daily premium job: the monthly invoicing of declared months, and the year-end true-up.

Monthly invoicing happens on the job's first run of each calendar month (the 1st, or the
first day the scheduler ran after a gap), for the months before that month. The true-up
closes each policy year once its declaration window is over; its unique key per policy year
makes it fire once however often the day is replayed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actor import SYSTEM
from core.jobs import JobRun
from underwriting.policies.models import Policy
from underwriting.premium.invoicing import invoice_declarations, true_up, years_to_close

JOB_NAME = "premium"


def first_run_of_month(session: Session, as_of: dt.date, insured_id: int | None) -> bool:
    """No run of this job is recorded for the tenant earlier in `as_of`'s month."""
    earlier = select(JobRun.id).where(
        JobRun.job == JOB_NAME, JobRun.tenant_key == (insured_id or 0),
        JobRun.as_of >= as_of.replace(day=1), JobRun.as_of < as_of).limit(1)
    return session.scalar(earlier) is None


def run_premium(session: Session, as_of: dt.date, insured_id: int | None) -> str:
    """Invoice last months' declarations (first run of the month) and true up ended years."""
    query = select(Policy).order_by(Policy.id)
    if insured_id is not None:
        query = query.where(Policy.insured_id == insured_id)
    monthly = first_run_of_month(session, as_of, insured_id)
    invoiced = closed = 0
    for policy in session.scalars(query).all():
        if monthly:
            invoiced += len(invoice_declarations(session, policy, actor=SYSTEM, issued_on=as_of,
                                                 months_before=as_of.replace(day=1)))
        for year in years_to_close(session, policy, as_of):
            true_up(session, policy, year, actor=SYSTEM, as_of=as_of)
            closed += 1
    return f"{invoiced} premium invoices issued, {closed} policy years trued up"
