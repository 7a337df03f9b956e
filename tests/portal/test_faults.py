"""Faults, with requests that really commit: a crash in the middle of an import or a grading
run leaves no partial write, a failing PDF render leaves state alone, and connections lost under
a request (a database restart) answer 503 in the error shape, after which the very same app
serves again without a restart."""

from __future__ import annotations

import fcntl
import io
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, text

from buyers_db import imports
from tests.dump import changes, dump
from tests.endpoints import CSV, TODAY
from tests.factories import World, build_world
from tests.limits_world import graded_buyer
from underwriting.grading import runs


class Crash(RuntimeError):
    """The process dying half-way, as far as the transaction can tell."""


@pytest.fixture
def live(committing_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Flask, World]]:
    monkeypatch.setenv("TCI_TODAY", TODAY)
    with committing_app.extensions["database"].factory() as session:
        world = build_world(session)
        graded_buyer(session, name="Fault Lines Ltd")
    yield committing_app, world


def _dump(app: Flask) -> Any:
    with app.extensions["database"].factory() as session:
        return dump(session)


def _crash_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, call: int) -> None:
    original, calls = getattr(owner, name), []

    def crashing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == call:
            raise Crash(f"{name} died on call {call}")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, crashing)


def test_a_crash_in_the_middle_of_an_import_writes_nothing(
    live: tuple[Flask, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, world = live
    header, row = CSV.decode().splitlines()
    rows = [row.replace("91330100MA27", f"91330100MA{n:04d}") for n in range(400)]
    monkeypatch.setattr(imports, "BLOCK_BYTES", 8 * 1024)  # many blocks: the crash is mid-file
    _crash_on_call(monkeypatch, imports, "merge_chunk", 3)
    before = _dump(app)
    answer = app.test_client().post(
        "/api/v1/buyers/import", headers=world.as_("underwriter"),
        data={"file": (io.BytesIO(("\n".join([header, *rows]) + "\n").encode()), "b.csv")})
    assert answer.status_code == 500 and answer.json["error"]["code"] == "internal_error"
    assert changes(before, _dump(app)) == {}


def test_a_crash_in_the_middle_of_a_grading_run_writes_nothing(
    live: tuple[Flask, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, world = live
    with app.extensions["database"].factory() as session:  # a grade to change, then a crash
        session.execute(text("UPDATE buyer_grades SET grade = 9, model_version = 'old'"))
        session.commit()
    _crash_on_call(monkeypatch, runs, "announce", 1)  # after the grades and history moved
    before = _dump(app)
    answer = app.test_client().post("/api/v1/grading/runs", headers=world.as_("underwriter"))
    assert answer.status_code == 500 and answer.json["error"]["code"] == "internal_error"
    assert changes(before, _dump(app)) == {}


def test_a_failing_pdf_render_answers_cleanly_and_changes_nothing(
    live: tuple[Flask, World], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reports import letters

    app, world = live
    client = app.test_client()
    made = client.post("/api/v1/credit-limits/discretionary", headers=world.as_("a.user"), json={
        "policy_id": world.a.policy.id, "buyer_id": 1, "amount": "5000.00"})
    assert made.status_code == 201, made.json

    def broken(*_args: Any, **_kwargs: Any) -> bytes:
        raise Crash("the renderer ran out of memory")

    monkeypatch.setattr(letters, "render_pdf", broken)
    before = _dump(app)
    answer = client.get(f"/api/v1/credit-limits/{made.json['id']}/letter.pdf",
                        headers=world.as_("a.user"))
    assert answer.status_code == 500 and answer.json["error"]["code"] == "internal_error"
    assert changes(before, _dump(app)) == {}
    monkeypatch.undo()
    again = client.get(f"/api/v1/credit-limits/{made.json['id']}/letter.pdf",
                       headers=world.as_("a.user"))
    assert again.status_code == 200 and again.data.startswith(b"%PDF")


def _lose_the_connection(app: Flask, session_connection: Any) -> None:
    """What a database restart does to one connection: the server side goes away."""
    engine = app.extensions["database"].engine
    if engine.dialect.name == "postgresql":
        pid = session_connection.info.backend_pid
        with engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    else:
        session_connection.close()  # SQLite: the file handle is gone under the statement


def test_a_connection_lost_under_a_request_is_503_and_the_app_serves_again(
    live: tuple[Flask, World]
) -> None:
    app, world = live
    engine = app.extensions["database"].engine
    lost: list[int] = []

    def restart_under(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO limit_requests") and not lost:
            lost.append(1)
            _lose_the_connection(app, conn.connection.dbapi_connection)

    event.listen(engine, "before_cursor_execute", restart_under)
    body = {"policy_id": world.a.policy.id, "buyer_id": 1, "amount": "5000.00",
            "payment_terms_days": 30}
    client = app.test_client()
    before = _dump(app)
    try:
        failed = client.post("/api/v1/limit-requests", headers=world.as_("a.user"), json=body)
    finally:
        event.remove(engine, "before_cursor_execute", restart_under)
    assert lost and failed.status_code == 503, failed.json
    assert failed.json["error"]["code"] == "unavailable"
    assert changes(before, _dump(app)) == {}
    served = client.post("/api/v1/limit-requests", headers=world.as_("a.user"), json=body)
    assert served.status_code == 201, served.json
    assert client.get("/healthz").json == {"status": "ok"}


def test_every_connection_dropped_at_once_is_survived_by_the_pool(
    live: tuple[Flask, World]
) -> None:
    """After a restart every pooled connection is dead; the next requests must not see it."""
    app, world = live
    client = app.test_client()
    for _ in range(3):  # fill the pool
        assert client.get("/api/v1/policies", headers=world.as_("a.user")).status_code == 200
    engine = app.extensions["database"].engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as other:
            other.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    else:
        engine.pool.dispose()  # SQLite has no server to restart: the pool's handles go
    for _ in range(3):
        answer = client.get("/api/v1/policies", headers=world.as_("a.user"))
        assert answer.status_code == 200, answer.json


def _restart(app: Flask) -> None:
    """A database restart as the app sees it. PostgreSQL: every connection of the app's
    database is terminated (the server's other databases are left alone). SQLite: another
    process takes the file's exclusive lock for a moment."""
    engine = app.extensions["database"].engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as other:
            other.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
        return
    # It queues for the write lock as the platform's own processes do (core.db.WriteGate):
    # polling for SQLite's lock beside writers that take it in turn would starve.
    with open(f"{engine.url.database}.write-lock", "a") as gate:
        fcntl.flock(gate, fcntl.LOCK_EX)
        locker = sqlite3.connect(engine.url.database or "", timeout=10)
        locker.execute("BEGIN EXCLUSIVE")
        time.sleep(0.3)
        locker.rollback()
        locker.close()
        fcntl.flock(gate, fcntl.LOCK_UN)


def test_traffic_through_database_restarts_fails_cleanly_then_recovers(
    live: tuple[Flask, World]
) -> None:
    app, world = live
    stop, answers = threading.Event(), []

    def traffic(n: int) -> None:
        client, i = app.test_client(), 0
        while not stop.is_set():
            i += 1
            if i % 3:
                answer = client.get("/api/v1/buyers?q=fault", headers=world.as_("a.user"))
            else:
                answer = client.post("/api/v1/buyers", headers=world.as_("a.user"), json={
                    "country": "DE", "registration_number": f"STORM-{n}-{i}", "name": "Storm"})
            answers.append((answer.status_code, (answer.get_json() or {}).get("error")))

    threads = [threading.Thread(target=traffic, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for _ in range(4):
        time.sleep(0.25)
        _restart(app)
    stop.set()
    for thread in threads:
        thread.join()
    assert answers and {s for s, _e in answers} <= {200, 201, 503}, answers
    assert all(e["code"] == "unavailable" for s, e in answers if s == 503)
    created = sum(1 for s, _e in answers if s == 201)
    with app.extensions["database"].factory() as session:
        stored = session.scalar(text("SELECT count(*) FROM buyers WHERE name = 'Storm'"))
    assert created <= stored <= created + sum(1 for s, _e in answers if s == 503)
    client = app.test_client()  # the same app, never restarted, serves again at once
    for _ in range(5):
        assert client.get("/api/v1/buyers?q=storm", headers=world.as_("a.user")).status_code == 200
