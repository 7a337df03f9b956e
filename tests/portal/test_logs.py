"""No secret reaches the logs: passwords, bearer tokens, password hashes and database credentials
are masked in every record, including tracebacks and SQL errors."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core.accounts import services
from core.db import make_engine
from portal import jobs as portal_jobs
from portal.jobs import DailyJob, run_day
from portal.logs import MASK, redact
from tests.factories import PASSWORD, World

SECRET_PASSWORD = "Sup3r-secret-passphrase"


@pytest.mark.parametrize(("line", "secret"), [
    ("Authorization: Bearer tci_abcdefghijklmnop", "tci_abcdefghijklmnop"),
    ("sent bearer eyJhbGciOiJIUzI1NiJ9.x.y", "eyJhbGciOiJIUzI1NiJ9.x.y"),
    ("token tci_Zm9vYmFyYmF6 in a message", "tci_Zm9vYmFyYmF6"),
    ('{"email": "a@b.test", "password": "hunter2-hunter2"}', "hunter2-hunter2"),
    ("password=hunter2-hunter2&email=a", "hunter2-hunter2"),
    ("new_password: 'hunter2-hunter2'", "hunter2-hunter2"),
    ("hash $argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA stored", "$argon2id$v=19"),
    ("token_hash " + "ab" * 32, "ab" * 32),
    ("postgresql+psycopg://app:db-pass-123@db.internal/tci", "db-pass-123"),
])
def test_secrets_are_masked(line: str, secret: str) -> None:
    masked = redact(line)
    assert secret not in masked and MASK in masked


def test_ordinary_lines_are_left_alone() -> None:
    line = "Job credit_limits for insured 3 on 2026-03-02: 2 limit changes applied"
    assert redact(line) == line


def test_a_crash_while_handling_a_password_logs_no_secret(
    client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def crash(*_args: object, password: str, **_kwargs: object) -> None:
        raise RuntimeError(f"could not store password={password} (hash $argon2id$v=19$xyz)")

    monkeypatch.setattr(services, "create_user", crash)
    headers = world.as_("insurer_admin")
    with caplog.at_level(logging.INFO):
        answer = client.post("/api/v1/users", headers=headers, json={
            "email": "new.staff@example.test", "password": SECRET_PASSWORD,
            "role": "underwriter"})
    assert answer.status_code == 500
    assert "Unexpected error" in caplog.text and "RuntimeError" in caplog.text
    token = headers["Authorization"].split()[1]
    for secret in (SECRET_PASSWORD, token, "$argon2id$"):
        assert secret not in caplog.text


def test_sign_ins_log_no_password_or_token(
    client: FlaskClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post("/api/v1/auth/token", json={"email": world.a.user.email,
                                                "password": SECRET_PASSWORD})
        good = client.post("/api/v1/auth/token", json={"email": world.a.user.email,
                                                       "password": PASSWORD})
    assert PASSWORD not in caplog.text and SECRET_PASSWORD not in caplog.text
    assert good.json["token"] not in caplog.text


def test_sql_errors_keep_their_parameters_out_of_messages(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/x.sqlite")
    with pytest.raises(OperationalError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM nowhere WHERE secret = :secret"),
                           {"secret": SECRET_PASSWORD})
    assert SECRET_PASSWORD not in str(raised.value)
    engine.dispose()


def test_a_failing_job_logs_no_secret(
    app: Flask, session: Session, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def leak(_session: Session, _as_of: dt.date, _insured_id: int | None) -> str:
        raise RuntimeError("connect to postgresql://tci:db-pass-123@db/tci failed "
                           "with token tci_abcdefghijklmnop")

    monkeypatch.setattr(portal_jobs, "DAILY_JOBS", (DailyJob("leaky", leak, per_tenant=False),))
    with caplog.at_level(logging.INFO):
        outcomes = run_day(app, dt.date(2026, 3, 2))
    assert [o.status for o in outcomes] == ["failed"] and "leaky" in caplog.text
    assert "db-pass-123" not in caplog.text and "tci_abcdefghijklmnop" not in caplog.text
