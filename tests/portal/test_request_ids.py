"""Every request has an id: the caller's X-Request-Id when it is sane, else a new one; it is
answered in X-Request-Id, carried by every log line of the request and written into the audit
row of each change the request made (read back through the audit API). Logs are JSON lines
or plain text as LOG_FORMAT says."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import AuditEntry, request_id
from portal import config
from portal.logs import JsonLines, PlainLines
from tests.factories import World


def test_a_sane_incoming_id_is_kept_and_answered(client: FlaskClient) -> None:
    for offered in ("4bf92f3577b34da6a3ce929d0e0e4736", "lb-7f3a.01:abc", "Zm9v+YmFy/YmF6=="):
        answer = client.get("/healthz", headers={"X-Request-Id": offered})
        assert answer.headers["X-Request-Id"] == offered


@pytest.mark.parametrize("offered", [
    "", " ", "x" * 65, "<script>alert(1)</script>", "a b", "id;drop", '"quoted"', "-leading",
    "caf\u00e9", "a\u0000b"])
def test_an_insane_incoming_id_is_replaced_by_a_new_one(client: FlaskClient, offered: str) -> None:
    answer = client.get("/healthz", headers={"X-Request-Id": offered})
    given = answer.headers["X-Request-Id"]
    assert given != offered and len(given) == 32 and int(given, 16) >= 0


def test_each_request_gets_its_own_id_and_none_is_left_behind(client: FlaskClient) -> None:
    ids = {client.get("/healthz").headers["X-Request-Id"] for _ in range(5)}
    assert len(ids) == 5
    assert request_id.get() is None  # the test's own context is not left with a request's id


def test_every_log_line_of_a_request_carries_its_id(
    client: FlaskClient, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        answer = client.post(f"/api/v1/users/{world.a.user.id}/suspend",
                             headers={**world.as_("a.admin"), "X-Request-Id": "trace-0001"})
        assert answer.status_code == 200
        client.get("/healthz", headers={"X-Request-Id": "trace-0002"})
    lines = [r for r in caplog.records if getattr(r, "request_id", None) == "trace-0001"]
    access = [r for r in lines if r.name == "portal.access"]
    assert access and access[0].status == 200 and access[0].route == (
        "/api/v1/users/<int:user_id>/suspend")
    outside = [r for r in caplog.records if r.name == "portal.access"
               and getattr(r, "request_id", None) not in ("trace-0001", "trace-0002")]
    assert outside == []
    logging.getLogger("outside").info("no request here")
    assert caplog.records[-1].request_id is None


def test_the_audit_row_of_a_change_names_the_request_that_made_it(
    client: FlaskClient, session: Session, world: World
) -> None:
    answer = client.post(f"/api/v1/users/{world.a.user.id}/suspend",
                         headers={**world.as_("a.admin"), "X-Request-Id": "suspend-req-42"})
    assert answer.status_code == 200
    row = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.suspend")).one()
    assert row.request_id == "suspend-req-42"
    generated = client.post(f"/api/v1/users/{world.a.user.id}/reinstate",
                            headers=world.as_("a.admin"))
    rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.activate")).all()
    assert [r.request_id for r in rows] == [generated.headers["X-Request-Id"]]
    trail = client.get("/api/v1/audit?object_type=User", headers=world.as_("a.admin")).json
    shown = {e["action"]: e["request_id"] for e in trail["items"]}
    assert shown["user.suspend"] == "suspend-req-42"
    assert shown["user.activate"] == generated.headers["X-Request-Id"]


def test_a_change_outside_a_request_has_no_request_id(session: Session, world: World) -> None:
    rows = session.scalars(select(AuditEntry)).all()  # the world was built outside a request
    assert rows and {r.request_id for r in rows} == {None}


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.getLogger("portal.access").makeRecord(
        "portal.access", logging.INFO, __file__, 1, message, (), None, extra=extra)
    record.request_id = "abc-1"
    return record


def test_json_lines_hold_one_object_a_record_with_the_request_id() -> None:
    line = JsonLines().format(_record("GET /healthz 200", status=200, route="/healthz"))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "abc-1" and entry["message"] == "GET /healthz 200"
    assert entry["level"] == "INFO" and entry["logger"] == "portal.access"
    assert entry["status"] == 200 and entry["route"] == "/healthz"
    assert entry["time"].endswith("+00:00")
    try:
        raise ValueError("password=hunter2-hunter2 went wrong\nsecond line")
    except ValueError:
        record = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "failed", (),
                                                   __import__("sys").exc_info())
    failed = json.loads(JsonLines().format(record))
    assert "ValueError" in failed["exception"] and "hunter2" not in failed["exception"]


def test_plain_lines_show_the_request_id_beside_the_logger() -> None:
    line = PlainLines().format(_record("GET /healthz 200"))
    assert " INFO portal.access [abc-1] GET /healthz 200" in line


def test_json_is_the_default_in_production_and_text_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.setenv("TCI_ENV", "development")
    assert config.load(tmp_path, {})["LOG_FORMAT"] == "text"
    monkeypatch.setenv("TCI_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    assert config.load(tmp_path, {})["LOG_FORMAT"] == "json"
    monkeypatch.setenv("LOG_FORMAT", "text")
    assert config.load(tmp_path, {})["LOG_FORMAT"] == "text"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        config.load(tmp_path, {})
