"""The scheduler process (`flask scheduler`): never inside web workers.

Every few minutes it renews a lease in the database; only the lease holder runs the day's jobs,
so two schedulers started at once never run the same job. Jobs are idempotent per day, so a
tick that finds today done does nothing, and a scheduler started late catches up.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from core import clock, jobs
from portal import notify
from portal.database import db
from portal.jobs import run_day

log = logging.getLogger(__name__)
LEASE = "daily-jobs"
TICK = dt.timedelta(minutes=5)
DELIVERY_EVERY = dt.timedelta(seconds=15)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def tick(app: Flask, holder: str) -> bool:
    """Run today's jobs if this process holds the lease; True when it did."""
    with app.app_context():
        with db.factory() as session:
            held = jobs.acquire_lease(session, LEASE, holder, ttl=TICK * 2)
            session.commit()
        if not held:
            log.info("Another scheduler holds the lease; standing by.")
            return False
        for outcome in run_day(app, clock.today()):
            log.info("%s insured=%s %s: %s", outcome.job, outcome.insured_id,
                     outcome.status, outcome.summary)
        return True


def run(app: Flask) -> None:
    holder = holder_name()
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        tick, "interval", args=[app, holder], seconds=TICK.total_seconds(),
        next_run_time=dt.datetime.now(dt.UTC), max_instances=1, coalesce=True, id="daily-jobs",
    )
    # Every scheduler delivers notifications, lease or not: workers share the outbox safely.
    scheduler.add_job(
        notify.deliver, "interval", args=[app], seconds=DELIVERY_EVERY.total_seconds(),
        max_instances=1, coalesce=True, id="notifications",
    )
    log.info("Scheduler %s started", holder)
    scheduler.start()
