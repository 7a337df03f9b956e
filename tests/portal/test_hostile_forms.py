"""Hostile values in every field of every page form, as every role: generated from the pages
themselves. Each role signs in, opens every page of the app's URL map (ids filled in as in
tests/endpoints.py), and posts each form it finds with one field at a time set to a hostile
value. No answer is a 500, and the database is as it was. The sign-in form is swept signed out.

Every field gets every hostile value from the first role that sees its form; other roles that
see the same form get one value per field, in turn, which keeps the sweep within a minute."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.bad_inputs import HUGE_ID
from tests.dump import changes, dump
from tests.endpoints import Objects, path_for
from tests.factories import World
from tests.portal.test_pages import csrf_token, sign_in
from tests.portal.test_security import user_of

ROLES = ("insurer_admin", "underwriter", "claims_handler", "a.admin", "a.user")
# What a browser can send (no lone surrogates: a form is UTF-8 bytes), and the 500s the review
# found: NUL and control characters, an id past any id, money forms Decimal takes, dates at the
# calendar's ends, a digit `int` cannot read, text far over any length.
ALWAYS_REFUSED = [
    ("NUL", "a\x00b"), ("a control character", "a\u0001b"), ("a vertical tab", "a\u000bb"),
    ("long text", "x" * 20_000),  # over the longest field (a message: 5,000)
]
# Refused where a number, an amount or a date belongs; free text (a textarea) may hold them.
NOT_TEXT = [
    ("an id past any id", str(HUGE_ID)), ("an exponent past any number", "1e999999999"),
    ("full-width digits", "１００"), ("underscores", "1_000.00"), ("a superscript digit", "²"),
    ("the calendar's first day", "0001-01-01"), ("its last", "9999-12-31"),
    ("year 0", "0000-01"),
]
HOSTILE = ALWAYS_REFUSED + NOT_TEXT
NOT_FIELDS = {"csrf_token"}


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    free_text: set[str] = field(default_factory=set)

    def hostile_for(self, name: str) -> list[tuple[str, str]]:
        return ALWAYS_REFUSED if name in self.free_text else HOSTILE


class _Forms(HTMLParser):
    """The POST forms of a page: each action with its fields' rendered values (a select's
    first option; file inputs left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = Form(a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or (not a.get("name") and tag != "option"):
            return
        elif (tag == "input" and a.get("type") not in ("file", "submit")) or tag == "button":
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.fields.setdefault(a["name"], a.get("value", ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and self._select not in self._form.fields:
            self._form.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form.fields[a["name"]] = ""
            self._form.free_text.add(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data


def forms_on(client: FlaskClient, path: str) -> list[Form]:
    answer = client.get(path)
    if answer.status_code != 200 or answer.mimetype != "text/html":
        return []
    parser = _Forms()
    parser.feed(answer.get_data(as_text=True))
    return [f for f in parser.forms if f.action.startswith("/")]


def page_paths(app: Flask, found: Objects) -> list[str]:
    rules = [r for r in app.url_map.iter_rules() if "GET" in (r.methods or set())
             and not r.rule.startswith(("/api/", "/static")) and r.endpoint != "healthz"
             and "." not in r.rule.rsplit("/", 1)[-1]]  # documents, not pages
    return sorted({path_for(r.rule, found.a) for r in rules})


def post_each(client: FlaskClient, form: Form, values: list[tuple[str, tuple[str, str]]],
              token: str) -> list[tuple[Any, ...]]:
    """Post `form` once for each (field, hostile value); the answers that were 500s."""
    failures = []
    for name, (what, value) in values:
        data = {**form.fields, name: value, "csrf_token": token}
        status = client.post(form.action, data=data).status_code
        if status >= 500:
            failures.append((form.action, name, what, status))
    return failures


def test_hostile_values_in_every_page_form_as_every_role(
    app: Flask, client: FlaskClient, session: Session, world: World, found: Objects
) -> None:
    paths = page_paths(app, found)
    seen: set[tuple[str, str]] = set()
    turn = itertools.cycle(ALWAYS_REFUSED)
    failures: list[tuple[Any, ...]] = []
    swept = 0
    for who in ROLES:
        client.post("/sign-out", data={"csrf_token": csrf_token(client, "/sign-in")})
        assert sign_in(client, user_of(world, who)).status_code == 302
        before, token = dump(session), csrf_token(client, "/")
        for page in paths:
            for form in forms_on(client, page):
                for name in sorted(set(form.fields) - NOT_FIELDS):
                    first = (form.action, name) not in seen
                    seen.add((form.action, name))
                    values = form.hostile_for(name) if first else [next(turn)]
                    failures += post_each(client, form, [(name, v) for v in values], token)
                    swept += len(values)
        changed = _beside_sessions(changes(before, dump(session)))
        assert changed == {}, (who, {t: c["added"][:2] for t, c in changed.items()})
    assert not failures, failures
    assert swept > 100 and len({action for action, _name in seen}) > 10, seen


def _beside_sessions(changed: dict[str, Any]) -> dict[str, Any]:
    """Changes other than the browser sessions that the sweep's own sign-in and sign-out forms
    open and end (kept on the server, kind 'browser')."""
    tokens = changed.get("api_tokens")
    if tokens is not None and all(row[2] == "browser" for side in tokens.values() for row in side):
        changed = {table: rows for table, rows in changed.items() if table != "api_tokens"}
    return changed


@pytest.mark.parametrize(("name", "value"), [
    ("email", "a" * 2_000_000 + "@example.test"), ("email", "a" * 300 + "@example.test"),
    ("email", "a\x00b@example.test"), ("email", "a\u0001@example.test"),
    ("password", "a\x00b"), ("password", "x" * 5000),
], ids=["2 MB email", "310-char email", "NUL email", "control email", "NUL password",
        "long password"])
def test_hostile_sign_ins_are_refused_cleanly(
    client: FlaskClient, session: Session, world: World, name: str, value: str
) -> None:
    before = dump(session)
    data = {"email": world.a.user.email, "password": "wrong", name: value,
            "csrf_token": csrf_token(client, "/sign-in")}
    answer = client.post("/sign-in", data=data)
    assert answer.status_code in (413, 422), answer.status_code
    assert value[:50] not in answer.get_data(as_text=True)  # never echoed back
    assert changes(before, dump(session)) == {}
