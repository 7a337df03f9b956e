"""Bad input on every write endpoint, generated from the endpoint declarations: each example in
tests/endpoints.py succeeds as it stands, and every variant in the catalogue (tests/bad_inputs.py)
gets a clear error in the API's shape and leaves every table of the database as it was."""

from __future__ import annotations

import io
import itertools
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

import portal.api  # noqa: F401 - fills the endpoint registry
from core.actor import Role
from portal.api.endpoint import REGISTRY, EndpointSpec
from portal.database import WRITES
from tests.bad_inputs import (
    CHINESE,
    EMOJI,
    HOSTILE_TEXT,
    HUGE_ID,
    SQL,
    Bad,
    catalogue,
)
from tests.dump import changes, dump
from tests.endpoints import EXAMPLES, Objects, body_for, form_for, path_for, prepare
from tests.factories import World

WRITE_ENDPOINTS = [s for s in REGISTRY if s.method in WRITES]
BODY_ENDPOINTS = [s for s in WRITE_ENDPOINTS if s.body is not None]


def _id(spec: EndpointSpec) -> str:
    return f"{spec.method} {spec.rule}"


def call(client: FlaskClient, world: World, spec: EndpointSpec, found: Objects,
         who: str | None, bad: Bad | None = None, body: Any = None) -> TestResponse:
    headers = world.as_(who) if who else {}
    path = path_for(spec.rule, found.of(who or "a.user"))
    example = EXAMPLES[(spec.method, spec.rule)]
    if example.upload is not None:
        return client.open(path, method=spec.method, headers=headers,
                           data={"file": (io.BytesIO(example.upload), "buyers.csv"),
                                 **form_for(example, found, who)})
    if bad is not None and bad.raw is not None:
        return client.open(path, method=spec.method, data=bad.raw,
                           headers={**headers, "Content-Type": bad.content_type})
    payload = bad.body if bad is not None else body
    return client.open(path, method=spec.method, headers=headers,
                       data=None if payload is None else json.dumps(payload),
                       content_type="application/json")


def test_every_write_endpoint_has_an_example() -> None:
    missing = {(s.method, s.rule) for s in WRITE_ENDPOINTS} - set(EXAMPLES)
    assert not missing, f"add an example to tests/endpoints.py for {sorted(missing)}"


@pytest.mark.parametrize("spec", WRITE_ENDPOINTS, ids=_id)
def test_the_example_succeeds_and_leaves_earlier_audit_rows_alone(
    client: FlaskClient, session: Session, world: World, found: Objects, spec: EndpointSpec
) -> None:
    example = EXAMPLES[(spec.method, spec.rule)]
    prepare(example, session, found, example.who)
    before = dump(session)
    answer = call(client, world, spec, found, example.who, body=body_for(example, found,
                                                                             example.who))
    assert answer.status_code == spec.status, answer.get_json()
    audit = changes(before, dump(session)).get("audit_entries", {"removed": []})
    assert audit["removed"] == [], "an endpoint changed or removed an audit row"


@pytest.mark.parametrize("spec", BODY_ENDPOINTS, ids=_id)
def test_bad_bodies_get_a_clear_error_and_change_nothing(
    client: FlaskClient, session: Session, world: World, found: Objects, spec: EndpointSpec
) -> None:
    example = EXAMPLES[(spec.method, spec.rule)]
    prepare(example, session, found, example.who)
    body = body_for(example, found, example.who)
    assert body is not None and spec.body is not None
    before = dump(session)
    for bad in catalogue(spec.body, body) + [Bad(w, {**body, **p}, field=f)
                                             for w, p, f in example.bad]:
        answer = call(client, world, spec, found, example.who, bad)
        assert answer.status_code in (400, 422), (bad.what, answer.status_code, answer.json)
        error = answer.json["error"]
        assert error["code"] and error["message"] and isinstance(error["fields"], dict), bad
        if answer.status_code == 422 and bad.field:
            assert bad.field in error["fields"], (bad.what, error)
        assert changes(before, dump(session)) == {}, bad.what


FREE_TEXT = [(s, name) for s in BODY_ENDPOINTS
             for name in EXAMPLES[(s.method, s.rule)].free_text]


@pytest.mark.parametrize(("spec", "name"), FREE_TEXT, ids=[f"{_id(s)} {n}" for s, n in FREE_TEXT])
def test_free_text_keeps_any_script_and_sql_looking_text_as_sent(
    client: FlaskClient, session: Session, world: World, found: Objects, spec: EndpointSpec,
    name: str,
) -> None:
    example = EXAMPLES[(spec.method, spec.rule)]
    text = f"{CHINESE} {EMOJI} {SQL}"[:60]
    prepare(example, session, found, example.who)
    body = {**(body_for(example, found, example.who) or {}), name: text}
    answer = call(client, world, spec, found, example.who, body=body)
    assert answer.status_code == spec.status, answer.json
    if name in answer.json:
        assert answer.json[name] == text
    assert text in repr(dump(session))  # stored exactly, and every table is still there


READ_ENDPOINTS = [s for s in REGISTRY if s.method == "GET" and s.roles is not None]
CALLERS = {"a.admin": Role.INSURED_ADMIN, "a.user": Role.INSURED_USER,
           "underwriter": Role.UNDERWRITER, "insurer_admin": Role.INSURER_ADMIN}
BAD_PAGES = ["", "0", "-1", "x", "²", "1.5", "9" * 30, "1000001"]


@pytest.mark.parametrize("spec", READ_ENDPOINTS, ids=_id)
def test_bad_query_strings_get_a_clear_error(
    client: FlaskClient, world: World, found: Objects, spec: EndpointSpec
) -> None:
    path = path_for(spec.rule, found.a)
    who = next(w for w, role in CALLERS.items() if spec.roles is None or role in spec.roles)
    headers = world.as_(who)
    unknown = client.get(f"{path}?surprise={SQL}", headers=headers)
    assert unknown.status_code == 422 and "surprise" in unknown.json["error"]["fields"]
    for name in ("page", "per_page") if spec.paginated else ():
        for bad in BAD_PAGES:
            answer = client.get(f"{path}?{name}={bad}", headers=headers)
            assert answer.status_code == 400, (name, bad, answer.status_code)
            assert answer.json["error"]["code"] == "bad_request"


EVERY_CALLER = (None, "a.user", "a.admin", "b.user", "underwriter", "claims_handler",
                "insurer_admin")


@pytest.mark.parametrize("spec", BODY_ENDPOINTS, ids=_id)
def test_hostile_bodies_as_every_role_get_no_500_and_change_nothing(
    client: FlaskClient, session: Session, world: World, found: Objects, spec: EndpointSpec
) -> None:
    """Every role (and nobody signed in) sends the example with a hostile value in every field:
    the role's refusal or the fields', never a 500, never a change. Each field's every hostile
    value is swept above, as the role the example names."""
    example = EXAMPLES[(spec.method, spec.rule)]
    prepare(example, session, found, example.who)
    body = body_for(example, found, example.who)
    assert body is not None and spec.body is not None
    # values no field takes (some money and date forms are fine free text, so not those)
    values = itertools.cycle([*HOSTILE_TEXT, ("an id past any id", HUGE_ID)])
    before = dump(session)
    for who in EVERY_CALLER:
        hostile = {name: next(values)[1] for name in body}
        answer = call(client, world, spec, found, who, Bad("hostile everywhere", hostile))
        assert 400 <= answer.status_code < 500, (who, answer.status_code, answer.json)
    assert changes(before, dump(session)) == {}
