"""Page forms use the API's schemas and the same services: one set of rules for both doors."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from flask import abort, flash, request
from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError

from core.actor import Action, Actor, Role
from core.errors import DomainError, Forbidden, NotFound
from core.fields import LARGEST_ID
from core.money import parse_decimal, read_amount
from portal.api.messages import fields_in_callers_language, in_callers_language
from portal.auth import current_actor
from portal.database import db
from portal.pages.labels import amount_example

AMOUNTS = ("amount", "vat_amount", "annual_turnover", "insured_turnover")


def acting(*allowed: Role | Action) -> Actor:
    """The signed-in actor, if it holds one of the roles or may do one of the actions;
    otherwise the page answers 403. A broker's user acting for a client may also read what
    the insured's user may read (a GET), and do what an action's permission lets it."""
    actor = current_actor()
    assert actor is not None
    if actor.role in allowed or any(isinstance(a, Action) and a.admits(actor) for a in allowed):
        return actor
    reading = request.method in ("GET", "HEAD") and Role.INSURED_USER in allowed
    if actor.is_broker and reading and actor.reads():
        return actor
    abort(403)


def form_body(lists: Collection[str] = ()) -> dict[str, Any]:
    """The posted form as the API's body: `a.b` nested, ids and day counts as numbers, amounts
    typed in the page's language as plain decimal strings (`read_amount`; text that cannot be
    read is kept as typed, for `submit` to say which format it expects), each of `lists` as
    the list of its values (maybe empty).

    Empty inputs count as absent, so optional fields keep their defaults.
    """
    body: dict[str, Any] = {name: request.form.getlist(name) for name in lists}
    for key, value in request.form.items():
        if key == "csrf_token" or key in lists or value.strip() == "":
            continue
        *path, name = key.split(".")
        target = body
        for part in path:
            target = target.setdefault(part, {})
        target[name] = _typed(name, value.strip())
    return body


def whole_number(value: str) -> int | None:
    """`value` as a whole number when it is one in ASCII digits ("²" and "٣" are digits to
    Python, but not numbers `int` reads), short enough to convert at once."""
    if value.isascii() and value.isdigit() and len(value) <= 30:
        return int(value)
    return None


def page_id(name: str) -> int | None:
    """The id `name` of the query or form, or None when absent or not a number; an id beyond
    any id names nothing (404) and never reaches the database driver, which cannot bind it."""
    number = whole_number(request.values.get(name, "").strip())
    if number is not None and not 1 <= number <= LARGEST_ID:
        abort(404)
    return number


def known_id(value: Any) -> int | None:
    """`value` when it is an id some object could have, else None."""
    return value if isinstance(value, int) and 1 <= value <= LARGEST_ID else None


def _typed(name: str, value: str) -> Any:
    number = whole_number(value)
    if name.endswith(("_days", "_id")) and number is not None:
        return number
    if name in AMOUNTS:
        return typed_amount(value)
    return value


def typed_amount(value: str) -> str:
    """An amount typed in the page's language as a plain decimal string, or as typed when it
    cannot be read (the schema then refuses it, and `submit` says what format it expects)."""
    return read_amount(value, str(get_locale())) or value


def _unreadable_amounts(body: dict[str, Any], errors: dict[str, Any],
                        currency: str | None) -> dict[str, Any]:
    """Errors on amounts the page could not read say which format it expects instead."""
    told = dict(errors)
    for key in errors:
        value: Any = body
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if key.rsplit(".", 1)[-1] in AMOUNTS and isinstance(value, str) \
                and parse_decimal(value) is None:
            told[key] = [_("Write the amount as %(example)s.",
                           example=amount_example(currency))]
    return told



def submit(
    schema: Schema,
    action: Callable[[dict[str, Any]], Any],
    done: str | None,
    body: dict[str, Any] | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    """Load the posted form (or `body`) with `schema`, run `action`, commit and tell `done`
    (unless None: a rehearsal has nothing to tell); return field errors. An amount that
    could not be read is told the format expected, in `currency`'s digits when given.

    Empty inputs count as absent, so optional fields keep their defaults.
    """
    if body is None:
        body = {k: v for k, v in request.form.items() if v != "" and k != "csrf_token"}
    try:
        action(schema.load(body))
    except ValidationError as error:
        db.session.rollback()
        return _unreadable_amounts(body, _flat(error.messages), currency)
    except (NotFound, Forbidden):
        raise
    except DomainError as error:
        db.session.rollback()
        message = in_callers_language(error.message)
        flash(message, "error")
        return _flat(fields_in_callers_language(error.fields)) or {"_form": [message]}
    db.session.commit()
    if done is not None:
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
