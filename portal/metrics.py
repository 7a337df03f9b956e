"""The platform's figures for Prometheus, at `/metrics` in its text format.

Two kinds, kept apart on purpose:

- What a process sees (each request's latency by route and status, the daily job steps it ran)
  is counted in the process. Under gunicorn each worker counts its own; with
  `PROMETHEUS_MULTIPROC_DIR` set (see gunicorn.conf.py) every process of the host writes its
  counts to files there, and any worker's answer sums them, so a scrape sees the host and not
  one worker by chance. Without it, a plain registry of this process.
- What the database knows (the outbox's depth and the age of its oldest undelivered message, the
  grading runs, when each daily job last ran) is read at scrape time, so every host reports the
  same truth and a restart loses nothing.

Who may read it: whoever sends `Authorization: Bearer <METRICS_TOKEN>` (Prometheus's
`authorization` setting); with no METRICS_TOKEN, `/metrics` does not exist (404). The figures
are counts and durations of the whole installation: no tenant, user, buyer or path id appears
in them, and a route is its URL rule (`/api/v1/buyers/<int:buyer_id>`), never the raw path.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.jobs import JobRun
from core.outbox import OutboxEvent
from core.tenancy import Scope, tenant_scope
from notifications.models import Delivery, DeliveryStatus
from portal import logs
from underwriting.grading.records import GradingRun

log = logging.getLogger(__name__)
# A `_created` series beside each count is noise to an operator (the library leaves it untyped).
disable_created_metrics()  # type: ignore[no-untyped-call]
PROCESS = CollectorRegistry()
"""This process's own counts (used as they are only when not in multiprocess mode)."""
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUEST_SECONDS = Histogram(
    "tci_http_request_duration_seconds", "Time to answer a web request, by URL rule and status",
    ["route", "method", "status"], buckets=LATENCY_BUCKETS, registry=PROCESS)
JOB_STEPS = Counter(
    "tci_daily_job_steps", "Daily job steps (a job for a day and a tenant) by outcome: done, "
    "skipped (ran before) or failed", ["job", "outcome"], registry=PROCESS)


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def init_app(app: Flask) -> None:
    app.after_request(_observe)
    app.add_url_rule("/metrics", "metrics", _metrics)


def count_job_step(job: str, outcome: str) -> None:
    JOB_STEPS.labels(job=job, outcome=outcome).inc()


def _observe(response: Response) -> Response:
    REQUEST_SECONDS.labels(route=logs.route(), method=request.method,
                           status=str(response.status_code)).observe(logs.elapsed())
    return response


def _metrics() -> Response | tuple[Response, int, dict[str, str]]:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        return _error("not_found", "Not found.", 404)
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(offered.strip().encode(),
                                                             str(token).encode()):
        return _error("unauthenticated", "Send the metrics token as a bearer token.", 401)
    body = generate_latest(scrape_registry(current_app.extensions["database"].factory))
    return Response(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def _error(code: str, message: str, status: int) -> tuple[Response, int, dict[str, str]]:
    headers = {"WWW-Authenticate": 'Bearer realm="metrics"'} if status == 401 else {}
    return jsonify({"error": {"code": code, "message": message, "fields": {}}}), status, headers


def scrape_registry(factory: Callable[[], Session]) -> CollectorRegistry:
    """What one scrape reports: the processes' counts and the database's figures."""
    registry = CollectorRegistry()
    if multiprocess_mode():
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_Registered(PROCESS))
    registry.register(DatabaseFigures(factory))
    return registry


class _Registered:
    """Another registry's metrics, as one collector of this one."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self) -> Iterable[Metric]:
        return self.registry.collect()


class DatabaseFigures:
    """Figures read from the database at each scrape: the same on every host."""

    def __init__(self, factory: Callable[[], Session]) -> None:
        self.factory = factory

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("tci_database_up", "1 when the figures below could be read")
        try:
            with self.factory() as session, tenant_scope(Scope.everyone()):
                figures = [*_outbox(session), *_grading(session), *_jobs(session)]
        except Exception as error:  # a scrape reports the outage instead of failing with it
            log.warning("Metrics could not read the database: %s", type(error).__name__)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from figures


def _age(now: dt.datetime, since: dt.datetime | None) -> float:
    if since is None:
        return 0.0
    if since.tzinfo is None:  # SQLite hands back UTC without its zone
        since = since.replace(tzinfo=dt.UTC)
    return max((now - since).total_seconds(), 0.0)


def _outbox(session: Session) -> list[Metric]:
    """Undelivered messages and how long the oldest has waited, by stage: `fanout` (events not
    yet turned into deliveries), then each channel's pending deliveries. Digests wait for the
    day's digest by design; e-mail and webhooks should not wait for long."""
    depth = GaugeMetricFamily("tci_outbox_pending", "Undelivered outbox messages, by stage",
                              labels=["stage"])
    age = GaugeMetricFamily("tci_outbox_oldest_pending_age_seconds",
                            "Age of the oldest undelivered outbox message, by stage",
                            labels=["stage"])
    now = utcnow()
    count, oldest = session.execute(
        select(func.count(), func.min(OutboxEvent.occurred_at))
        .where(OutboxEvent.dispatched_at.is_(None))).one()
    rows: dict[str, tuple[int, Any]] = {"fanout": (count, oldest)}
    pending = session.execute(
        select(Delivery.channel, func.count(), func.min(OutboxEvent.occurred_at))
        .join(OutboxEvent, OutboxEvent.id == Delivery.event_id)
        .where(Delivery.status == DeliveryStatus.PENDING).group_by(Delivery.channel))
    rows |= {str(channel): (count, oldest) for channel, count, oldest in pending}
    for stage in ("fanout", "email", "webhook", "digest"):
        count, oldest = rows.get(stage, (0, None))
        depth.add_metric([stage], count)
        age.add_metric([stage], _age(now, oldest))
    return [depth, age]


def _grading(session: Session) -> list[Metric]:
    runs = CounterMetricFamily("tci_grading_runs", "Batch re-grades run")
    last = GaugeMetricFamily("tci_grading_run_last_seconds", "Duration of the latest re-grade")
    graded = GaugeMetricFamily("tci_grading_run_last_buyers", "Buyers the latest re-grade graded")
    started = GaugeMetricFamily("tci_grading_run_last_started_timestamp_seconds",
                                "When the latest re-grade started (Unix time)")
    runs.add_metric([], session.scalar(select(func.count()).select_from(GradingRun)) or 0)
    latest = session.scalars(select(GradingRun).order_by(GradingRun.id.desc()).limit(1)).first()
    if latest is not None:
        last.add_metric([], latest.seconds)
        graded.add_metric([], latest.graded)
        started.add_metric([], _timestamp(latest.started_at))
        return [runs, last, graded, started]
    return [runs]


def _jobs(session: Session) -> list[Metric]:
    last = GaugeMetricFamily("tci_daily_job_last_finished_timestamp_seconds",
                             "When each daily job last finished a step (Unix time)",
                             labels=["job"])
    day = GaugeMetricFamily("tci_daily_job_last_business_day_timestamp_seconds",
                            "The latest business day each daily job ran for (Unix time, "
                            "midnight UTC)", labels=["job"])
    rows = session.execute(select(JobRun.job, func.max(JobRun.finished_at), func.max(JobRun.as_of))
                           .group_by(JobRun.job).order_by(JobRun.job))
    for job, finished, as_of in rows:
        last.add_metric([job], _timestamp(finished))
        day.add_metric([job], _timestamp(dt.datetime.combine(as_of, dt.time())))
    return [last, day]


def _timestamp(moment: dt.datetime) -> float:
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()
