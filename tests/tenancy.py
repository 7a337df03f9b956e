"""The reusable proof that an endpoint hides another tenant's objects: 404, and nothing changed."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import audit_count


def assert_hidden(
    client: FlaskClient,
    session: Session,
    method: str,
    path: str,
    headers: dict[str, str],
    body: dict[str, Any] | None = None,
) -> None:
    """`path` names another tenant's object: the answer must be 404 and nothing may change."""
    before = audit_count(session)
    response = client.open(path, method=method, headers=headers, json=body)
    assert response.status_code == 404, (method, path, response.status_code, response.json)
    assert response.json["error"]["code"] == "not_found"
    assert audit_count(session) == before, f"{method} {path} changed something"
