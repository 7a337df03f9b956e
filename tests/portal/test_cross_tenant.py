"""Another tenant's ids answer 404 on every route that names an id, for every role, and nothing
changes. The sweep is generated from the app's URL map (API and pages); it needs only a maker in
tests/endpoints.py for each kind of id (OWNED, or SHARED for what every tenant sees by design)
and, for an API route with a body, an example there, so that a bad body cannot hide the 404.

A role that may not use a route at all gets the same answer (403) for its own tenant's id as for
another's, so the answer never tells whether an object exists.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from core.fields import LARGEST_ID
from portal import create_app
from tests.dump import changes, dump
from tests.endpoints import (
    CHOICES,
    EXAMPLES,
    OWNED,
    SHARED,
    Objects,
    body_for,
    form_for,
    path_for,
)
from tests.factories import World
from tests.portal.test_pages import csrf_token
from tests.portal.test_security import user_of

INSURED_ROLES = ("a.user", "a.admin")
BROKER = "broker.user"  # appointed by tenant a with every permission, not by tenant b
EVERY_ROLE = ("insurer_admin", "underwriter", "claims_handler", *INSURED_ROLES, BROKER)
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
_routes_app = create_app({"SECRET_KEY": "routes only", "DATABASE_URL": "sqlite://"})
ID_ROUTES = sorted(
    (method, rule.rule)
    for rule in _routes_app.url_map.iter_rules()
    if "<" in rule.rule and rule.endpoint != "static"
    for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
)


def _params(rule: str) -> list[str]:
    return _PARAM.findall(rule)


def test_every_kind_of_id_has_a_maker() -> None:
    unknown = {p for _m, r in ID_ROUTES for p in _params(r)} - set(OWNED) - set(SHARED)
    unknown -= set(CHOICES)  # not ids: a download's format, the same for every caller
    assert not unknown, f"add a maker to OWNED or SHARED in tests/endpoints.py for {unknown}"


def _send(client: FlaskClient, world: World, method: str, rule: str, path: str, who: str,
          found: Objects) -> tuple[int, dict | None]:
    if rule.startswith("/api/"):
        example = EXAMPLES.get((method, rule))
        sends = example is not None and method in ("POST", "PUT", "PATCH")
        body = body_for(example, found, "a.user") if sends else None
        answer = client.open(path, method=method, headers=world.as_(who), json=body)
        return answer.status_code, answer.get_json(silent=True)
    data = {"csrf_token": csrf_token(client, "/")} if method == "POST" else None
    return client.open(path, method=method, data=data).status_code, None


# Routes naming only what every tenant shares (the buyer database) are checked below instead.
TENANT_ROUTES = [(m, r) for m, r in ID_ROUTES if set(_params(r)) & set(OWNED)]


@pytest.mark.parametrize(("method", "rule"), TENANT_ROUTES,
                         ids=[f"{m} {r}" for m, r in TENANT_ROUTES])
def test_another_tenants_ids_are_404_for_every_insured_role_and_change_nothing(
    client: FlaskClient, session: Session, world: World, found: Objects, method: str, rule: str
) -> None:
    """For the insured's own users, and for a broker the other tenant did not appoint."""
    for who in (*INSURED_ROLES, BROKER):
        if not rule.startswith("/api/"):
            client.post("/sign-out", data={"csrf_token": csrf_token(client, "/sign-in")})
            _sign_in_page(client, world, who)  # signing in keeps a session on the server
        before = dump(session)
        theirs, body = _send(client, world, method, rule, path_for(rule, found.b), who, found)
        if theirs == 403:  # the role may not use the route: the same for its own id
            mine, _ = _send(client, world, method, rule, path_for(rule, found.a), who, found)
            assert mine == 403, (who, "403 for another tenant's id but", mine, "for its own")
        else:
            assert theirs == 404, (who, theirs, body)
            assert body is None or body["error"]["code"] == "not_found"
        assert changes(before, dump(session)) == {}, who


def _sign_in_page(client: FlaskClient, world: World, who: str) -> None:
    from tests.portal.test_pages import sign_in

    assert sign_in(client, user_of(world, who)).status_code == 302


@pytest.mark.parametrize(("method", "rule"), [r for r in ID_ROUTES if r[1].startswith("/api/")],
                         ids=[f"{m} {r}" for m, r in ID_ROUTES if r.startswith("/api/")])
def test_ids_that_name_nothing_are_404_for_every_role(
    client: FlaskClient, session: Session, world: World, found: Objects, method: str, rule: str
) -> None:
    nowhere = {name: LARGEST_ID for name in _params(rule)}
    before = dump(session)
    for who in EVERY_ROLE:
        status, body = _send(client, world, method, rule, path_for(rule, nowhere), who, found)
        assert status in (403, 404), (who, status, body)
        assert body is not None and body["error"]["code"] in ("forbidden", "not_found")
    assert changes(before, dump(session)) == {}


OWNED_BODY_IDS = [key for key, example in EXAMPLES.items()
                  if example.who in INSURED_ROLES and example.body is not None
                  and set(example.body(defaultdict(int))) & set(OWNED)]


@pytest.mark.parametrize("key", OWNED_BODY_IDS, ids=[f"{m} {r}" for m, r in OWNED_BODY_IDS])
def test_another_tenants_ids_in_a_body_are_404(
    client: FlaskClient, session: Session, world: World, found: Objects, key: tuple[str, str]
) -> None:
    example = EXAMPLES[key]
    body = body_for(example, found, example.who) or {}
    theirs = {name: found.b[name] for name in body if name in OWNED}
    before = dump(session)
    answer = client.open(key[1], method=key[0], headers=world.as_(example.who or ""),
                         json={**body, **theirs})
    assert answer.status_code == 404 and answer.json["error"]["code"] == "not_found", answer.json
    assert changes(before, dump(session)) == {}


OWNED_FORM_IDS = [key for key, example in EXAMPLES.items()
                  if example.who in INSURED_ROLES and example.form is not None
                  and set(example.form(defaultdict(int))) & set(OWNED)]


@pytest.mark.parametrize("key", OWNED_FORM_IDS, ids=[f"{m} {r}" for m, r in OWNED_FORM_IDS])
def test_another_tenants_ids_in_an_upload_form_are_404(
    client: FlaskClient, session: Session, world: World, found: Objects, key: tuple[str, str]
) -> None:
    example = EXAMPLES[key]
    form = form_for(example, found, example.who)
    theirs = {name: str(found.b[name]) for name in form if name in OWNED}
    before = dump(session)
    answer = client.open(key[1], method=key[0], headers=world.as_(example.who or ""),
                         data={"file": (io.BytesIO(example.upload or b""), "upload.csv"),
                               **form, **theirs})
    assert answer.status_code == 404 and answer.json["error"]["code"] == "not_found", answer.json
    assert changes(before, dump(session)) == {}


LIST_FILTERS = [("/api/v1/policies", "insured_id"), ("/api/v1/credit-limits", "policy_id")]


@pytest.mark.parametrize(("path", "name"), LIST_FILTERS)
def test_filtering_a_list_by_another_tenants_id_finds_nothing(
    client: FlaskClient, world: World, found: Objects, path: str, name: str
) -> None:
    for who in INSURED_ROLES:
        answer = client.get(f"{path}?{name}={found.b[name]}", headers=world.as_(who))
        assert answer.status_code == 200 and answer.json["total"] == 0, answer.json


def test_shared_buyers_show_insureds_identity_and_grade_only(
    client: FlaskClient, world: World, found: Objects
) -> None:
    for who in ("a.user", "b.admin"):
        seen = client.get(f"/api/v1/buyers/{found.a['buyer_id']}", headers=world.as_(who)).json
        assert seen["name"] == "Shared Buyer S.p.A." and "grade" in seen
        assert not {"factors", "financials", "events", "grade_history", "exposure"} & set(seen)


def test_lists_show_only_the_tenants_own_rows(client: FlaskClient, world: World) -> None:
    headers = world.as_("a.user")
    mine = client.get("/api/v1/policies", headers=headers).json
    assert {p["insured_id"] for p in mine["items"]} == {world.a.insured.id}
    insureds = client.get("/api/v1/insureds", headers=headers).json
    assert [i["id"] for i in insureds["items"]] == [world.a.insured.id]
    staff = client.get("/api/v1/policies", headers=world.as_("underwriter")).json
    assert {world.a.insured.id, world.b.insured.id} <= {p["insured_id"] for p in staff["items"]}


def test_an_other_tenant_user_cannot_be_created_through_the_body(
    client: FlaskClient, world: World
) -> None:
    # the insured comes from the path only; a smuggled insured_id in the body is refused
    answer = client.post(f"/api/v1/insureds/{world.a.insured.id}/users",
                         headers=world.as_("a.admin"),
                         json={"email": "intruder@example.test", "password": "Intruder-pass-1",
                               "role": "insured_user", "insured_id": world.b.insured.id})
    assert answer.status_code == 422 and "insured_id" in answer.json["error"]["fields"]
