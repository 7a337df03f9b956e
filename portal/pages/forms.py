"""Page forms use the API's schemas and the same services: one set of rules for both doors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, request
from marshmallow import Schema, ValidationError

from core.errors import DomainError, Forbidden, NotFound
from portal.database import db


def submit(
    schema: Schema,
    action: Callable[[dict[str, Any]], Any],
    done: str,
    body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Load the posted form (or `body`) with `schema`, run `action`, commit; return field errors.

    Empty inputs count as absent, so optional fields keep their defaults.
    """
    if body is None:
        body = {k: v for k, v in request.form.items() if v != "" and k != "csrf_token"}
    try:
        action(schema.load(body))
    except ValidationError as error:
        db.session.rollback()
        return _flat(error.messages)
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _flat(error.fields) or {"_form": [error.message]}
    db.session.commit()
    flash(done, "success")
    return {}


def _flat(messages: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(messages, dict):
        return {prefix or "_form": messages}
    flat: dict[str, Any] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        flat.update(_flat(value, name) if isinstance(value, dict) else {name: value})
    return flat
