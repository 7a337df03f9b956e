"""Security, generated from the app's routes where it can be: headers on every answer, a clear
413 on every route that takes a body, a CSRF token in every form and a refusal without one,
secure cookies in production, and tokens that are never stored in clear."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from claims.desk.documents import MAX_BYTES as DOCUMENT_MAX_BYTES
from core.accounts.models import User
from portal import create_app
from portal.security import LARGER_BODIES, MULTIPART_MARGIN
from tests.dump import changes, dump
from tests.endpoint_objects import approved, assessed, paid
from tests.endpoints import Objects, path_for
from tests.factories import PASSWORD, World
from tests.portal.test_pages import csrf_token, sign_in

HEADERS = {
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)


def routes(app: Flask, method: str, *, api: bool | None = None) -> list[str]:
    found = []
    for rule in app.url_map.iter_rules():
        if method not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        if api is None or rule.rule.startswith("/api/") == api:
            found.append(rule.rule)
    return sorted(set(found))


def user_of(world: World, who: str) -> User:
    """The user behind a `World.as_` name: 'underwriter', 'a.admin', ..."""
    tenant, _, role = who.rpartition(".")
    if tenant == "broker":
        return getattr(world, f"broker_{role}")
    return getattr(getattr(world, tenant), role) if tenant else getattr(world, role)


def _assert_headers(path: str, headers: dict[str, str]) -> None:
    for name, expected in HEADERS.items():
        assert expected in headers.get(name, ""), (path, name, headers.get(name))


def test_every_answer_carries_the_security_headers(
    app: Flask, client: FlaskClient, world: World, found: Objects
) -> None:
    api_headers = world.as_("a.admin")
    for rule in routes(app, "GET", api=True):
        path = path_for(rule, found.a)
        _assert_headers(path, dict(client.get(path, headers=api_headers).headers))
        _assert_headers(path, dict(client.get(path).headers))  # the 401s too
    sign_in(client, world.a.admin)
    for rule in routes(app, "GET", api=False):
        path = path_for(rule, found.a)
        _assert_headers(path, dict(client.get(path).headers))


@pytest.mark.parametrize("api", [True, False], ids=["api", "pages"])
def test_every_route_with_a_body_refuses_an_oversized_one_with_a_clear_413(
    app: Flask, client: FlaskClient, session: Session, world: World, found: Objects, api: bool
) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1024
    headers = world.as_("insurer_admin") if api else {}
    if not api:
        sign_in(client, world.insurer_admin)
    before = dump(session)
    documents = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint in LARGER_BODIES}
    for rule in routes(app, "POST", api=api):
        path = path_for(rule, found.a)
        # A document upload takes up to 20 MB whatever the general limit: past its own limit.
        limit = DOCUMENT_MAX_BYTES + MULTIPART_MARGIN if rule in documents else 1024
        answer = client.post(path, data=b"x" * (limit + 1), headers={
            **headers, "Content-Type": "application/json"})
        assert answer.status_code == 413, (path, answer.status_code)
        said = "20 MB" if rule in documents else "1024 bytes"
        if api:
            assert answer.json["error"]["code"] == "request_entity_too_large"
            assert said in answer.json["error"]["message"]
        else:
            assert said in answer.get_data(as_text=True)
    assert documents and changes(before, dump(session)) == {}


def test_the_import_takes_files_up_to_16_mb_and_refuses_larger_ones(
    client: FlaskClient, world: World
) -> None:
    big = b"country,registration_number,name,sector\n" + b"x" * (16 * 1024 * 1024)
    answer = client.post("/api/v1/buyers/import", headers=world.as_("underwriter"),
                         data={"file": (io.BytesIO(big), "buyers.csv")})
    assert answer.status_code == 413 and "16 MB" in answer.json["error"]["message"]


@pytest.mark.parametrize("who", ["insurer_admin", "underwriter", "claims_handler", "a.admin",
                                 "a.user"])
def test_every_form_on_every_page_carries_a_csrf_token(
    app: Flask, client: FlaskClient, session: Session, world: World, found: Objects, who: str
) -> None:
    sign_in(client, user_of(world, who))
    forms = sum(_forms_checked(client, rule, found) for rule in routes(app, "GET", api=False))
    assert forms >= 3
    if who == "claims_handler":  # the handler's forms change with the claim's state
        for move in (assessed, approved, paid):
            move(session, world, found.a)
            assert _forms_checked(client, "/claims/<int:claim_id>", found) >= 1


def _forms_checked(client: FlaskClient, rule: str, found: Objects) -> int:
    page = client.get(path_for(rule, found.a))
    if page.mimetype != "text/html":
        return 0
    forms = 0
    for form in FORM.findall(page.get_data(as_text=True)):
        if re.search(r'method="post"', form, re.I):
            forms += 1
            assert 'name="csrf_token"' in form, (rule, form[:200])
    return forms


@pytest.mark.parametrize("who", ["insurer_admin", "claims_handler", "a.admin"])
def test_every_page_post_without_a_csrf_token_is_refused_and_changes_nothing(
    app: Flask, client: FlaskClient, session: Session, world: World, found: Objects, who: str
) -> None:
    sign_in(client, user_of(world, who))
    before = dump(session)
    for rule in routes(app, "POST", api=False):
        path = path_for(rule, found.a)
        forged = client.post(path, data={"name": "Forged", "amount": "1000", "lang": "zh"})
        assert forged.status_code == 400, (path, forged.status_code)
        wrong = client.post(path, data={"name": "Forged", "csrf_token": "not-the-token"})
        assert wrong.status_code == 400, (path, wrong.status_code)
    assert changes(before, dump(session)) == {}


def test_production_cookies_are_secure_and_https_is_pinned(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TCI_ENV", "production")
    production = create_app({"TESTING": True, "SECRET_KEY": "production-test-key-" + "k" * 32,
                             "DATABASE_URL": app.config["DATABASE_URL"],
                             "DATABASE_CONNECTION": app.config["DATABASE_CONNECTION"]})
    client = production.test_client()
    token = csrf_token(client)
    signed_in = client.post("/sign-in", data={"email": world.a.user.email, "password": PASSWORD,
                                              "csrf_token": token})
    assert signed_in.status_code == 302
    cookie = next(c for c in signed_in.headers.getlist("Set-Cookie")
                  if c.startswith("tci_session="))
    assert {"Secure", "HttpOnly", "SameSite=Lax"} <= {p.strip() for p in cookie.split(";")}
    assert signed_in.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_development_does_not_pin_https(client: FlaskClient) -> None:
    assert "Strict-Transport-Security" not in client.get("/sign-in").headers


def test_sign_in_tokens_are_never_stored_in_clear(
    client: FlaskClient, session: Session, world: World
) -> None:
    answer = client.post("/api/v1/auth/token",
                         json={"email": world.b.admin.email, "password": PASSWORD})
    personal = client.post("/api/v1/auth/tokens", json={"name": "ERP"},
                           headers={"Authorization": f"Bearer {answer.json['token']}"})
    stored = repr(dump(session))
    for clear in (answer.json["token"], personal.json["token"], PASSWORD):
        assert clear not in stored


def test_the_page_sign_in_is_throttled_too(client: FlaskClient, world: World) -> None:
    for _ in range(5):
        answer = client.post("/sign-in", data={"email": world.a.user.email,
                                               "password": "Not-the-password-1",
                                               "csrf_token": csrf_token(client)})
        assert answer.status_code == 401
    locked = client.post("/sign-in", data={"email": world.a.user.email, "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    assert locked.status_code == 429 and client.get("/").status_code == 302


WEAK = ["short-1", "aaaaaaaaaaaa", "x" * 257, "newuser-1234567"]  # the last holds the email


def test_every_endpoint_that_sets_a_password_applies_the_rules(
    client: FlaskClient, session: Session, world: World, found: Objects
) -> None:
    from portal.api.endpoint import REGISTRY
    from tests.endpoints import EXAMPLES, body_for

    setters = [s for s in REGISTRY if s.body is not None and "password" in s.body.fields
               and s.roles is not None]
    assert len(setters) >= 2
    before = dump(session)
    for spec in setters:
        example = EXAMPLES[(spec.method, spec.rule)]
        for weak in WEAK:
            body = {**(body_for(example, found, example.who) or {}), "password": weak,
                    "email": "newuser@example.test"}
            answer = client.post(path_for(spec.rule, found.a), json=body,
                                 headers=world.as_(example.who or ""))
            assert answer.status_code == 422, (spec.rule, weak, answer.json)
            assert "password" in answer.json["error"]["fields"]
    assert changes(before, dump(session)) == {}


def test_no_route_can_change_the_audit_trail(app: Flask) -> None:
    """The trail is read (the audit viewer, API and page) and never written through a route."""
    routes = [r for r in app.url_map.iter_rules() if "audit" in r.rule.lower()]
    assert {r.rule for r in routes} == {"/api/v1/audit", "/audit"}
    assert all((r.methods or set()) <= {"GET", "HEAD", "OPTIONS"} for r in routes)
