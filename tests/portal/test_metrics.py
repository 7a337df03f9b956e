"""/metrics in Prometheus's text format: request latency by URL rule and status, daily job
steps by outcome, and what the database knows (outbox depth and age, grading runs, each job's
last run), for the holder of METRICS_TOKEN only, with no tenant's data in it. With
PROMETHEUS_MULTIPROC_DIR the counts of every process of a host add up."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session

from core import outbox
from core.outbox import EventType
from portal.jobs import run_day
from tests.endpoints import TODAY
from tests.factories import World
from tests.portal.test_pages import sign_in

TOKEN = "metrics-token-for-tests-0123456789"
SCRAPE = {"Authorization": f"Bearer {TOKEN}"}
ROOT = Path(__file__).resolve().parents[2]
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def scraping(app: Flask) -> Flask:
    app.config["METRICS_TOKEN"] = TOKEN
    return app


def scrape(client: FlaskClient) -> tuple[str, Samples]:
    answer = client.get("/metrics", headers=SCRAPE)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain; version=")
    body = answer.get_data(as_text=True)
    return body, {(s.name, frozenset(s.labels.items())): s.value
                  for family in text_string_to_metric_families(body) for s in family.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_metrics_are_off_without_a_token(client: FlaskClient, world: World) -> None:
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_only_the_metrics_token_reads_them(
    scraping: Flask, client: FlaskClient, world: World
) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                    {"Authorization": f"Basic {TOKEN}"}, world.as_("insurer_admin")):
        refused = client.get("/metrics", headers=headers)
        assert refused.status_code == 401, headers
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
        assert refused.json["error"]["code"] == "unauthenticated"
    sign_in(client, world.insurer_admin)  # a staff session is not the scraper's token
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": f"bearer {TOKEN}"}).status_code == 200


def test_requests_are_counted_by_rule_and_status(
    scraping: Flask, client: FlaskClient, world: World
) -> None:
    rule = "/api/v1/users/<int:user_id>/suspend"
    _, before = scrape(client)
    headers = world.as_("a.admin")
    assert client.post(f"/api/v1/users/{world.a.user.id}/suspend", headers=headers).status_code \
        == 200
    assert client.post(f"/api/v1/users/{world.b.user.id}/suspend", headers=headers).status_code \
        == 404
    client.get("/no/such/page")
    body, after = scrape(client)
    name = "tci_http_request_duration_seconds_count"
    for status in ("200", "404"):
        grew = value(after, name, route=rule, method="POST", status=status) - value(
            before, name, route=rule, method="POST", status=status)
        assert grew == 1, status
    assert value(after, name, route="unmatched", method="GET", status="404") >= 1
    assert value(after, "tci_http_request_duration_seconds_bucket", route=rule, method="POST",
                 status="200", le="+Inf") >= 1
    assert f"/api/v1/users/{world.a.user.id}/" not in body  # a rule, never a raw path


def test_a_job_run_the_outbox_and_a_grading_run_show(
    scraping: Flask, client: FlaskClient, session: Session, world: World,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TCI_TODAY", TODAY)
    _, before = scrape(client)
    assert value(before, "tci_database_up") == 1
    outbox.record(session, EventType.LIMIT_CHANGED, world.a.insured.id, {"id": 1},
                  object_type="credit_limit", object_id=1)
    session.commit()
    run_day(scraping, dt.date.fromisoformat(TODAY))
    assert client.post("/api/v1/grading/runs", headers=world.as_("underwriter")).status_code \
        in (200, 201)
    body, after = scrape(client)
    steps = "tci_daily_job_steps_total"
    assert value(after, steps, job="housekeeping", outcome="done") - value(
        before, steps, job="housekeeping", outcome="done") == 1
    per_tenant = value(after, steps, job="collection_ladder", outcome="done") - value(
        before, steps, job="collection_ladder", outcome="done")
    assert per_tenant == 2  # once for each insured
    finished = value(after, "tci_daily_job_last_finished_timestamp_seconds", job="housekeeping")
    assert abs(finished - dt.datetime.now(dt.UTC).timestamp()) < 600
    day = value(after, "tci_daily_job_last_business_day_timestamp_seconds", job="housekeeping")
    assert dt.datetime.fromtimestamp(day, dt.UTC).date().isoformat() == TODAY
    assert value(after, "tci_grading_runs_total") == 1
    assert value(after, "tci_grading_run_last_seconds") >= 0
    assert value(after, "tci_grading_run_last_buyers") >= 0
    # the digest job turned nothing into deliveries; the event waits to be fanned out
    assert value(after, "tci_outbox_pending", stage="fanout") == 1
    assert value(after, "tci_outbox_oldest_pending_age_seconds", stage="fanout") >= 0
    for stage in ("email", "webhook", "digest"):
        assert ("tci_outbox_pending", frozenset({("stage", stage)})) in after
    _no_tenant_data(body, after, world)
    run_day(scraping, dt.date.fromisoformat(TODAY))  # replayed: every step skipped
    _, replayed = scrape(client)
    assert value(replayed, steps, job="housekeeping", outcome="skipped") - value(
        after, steps, job="housekeeping", outcome="skipped") == 1


def _no_tenant_data(body: str, samples: Samples, world: World) -> None:
    labels = {name for _, pairs in samples for name, _ in pairs}
    assert labels <= {"route", "method", "status", "job", "outcome", "stage", "le"}
    for tenant in (world.a, world.b):
        for secret in (tenant.insured.name, tenant.admin.email, tenant.user.email):
            assert secret not in body


def test_the_processes_of_a_host_add_up_in_multiprocess_mode(tmp_path: Path) -> None:
    """Two processes (as two gunicorn workers) count requests into one folder; a scrape
    answered by either reports the sum."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "TEST_DATABASE_URL", "TCI_ENV")}
    env |= {"PYTHONPATH": str(ROOT), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom"),
            "METRICS_TOKEN": TOKEN, "DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite'}"}
    (tmp_path / "prom").mkdir()
    script = (
        "import os, sys\n"
        "from alembic import command\n"
        "from portal import create_app\n"
        "from portal.cli.database import alembic_config\n"
        "app = create_app({'SECRET_KEY': 'multi'})\n"
        "if sys.argv[1] == 'migrate':\n"
        "    command.upgrade(alembic_config(app.config['DATABASE_URL']), 'head')\n"
        "client = app.test_client()\n"
        "for _ in range(int(sys.argv[2])):\n"
        "    assert client.get('/healthz').status_code == 200\n"
        "if sys.argv[1] == 'scrape':\n"
        "    token = os.environ['METRICS_TOKEN']\n"
        "    print(client.get('/metrics', headers={'Authorization': 'Bearer ' + token})"
        ".get_data(as_text=True))\n")
    for step, count in (("migrate", 3), ("count", 4), ("scrape", 2)):
        done = subprocess.run([sys.executable, "-c", script, step, str(count)], env=env,  # noqa: S603
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
    samples = {(s.name, frozenset(s.labels.items())): s.value
               for f in text_string_to_metric_families(done.stdout) for s in f.samples}
    assert value(samples, "tci_http_request_duration_seconds_count", route="/healthz",
                 method="GET", status="200") == 9
    assert value(samples, "tci_database_up") == 1
