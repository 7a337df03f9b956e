"""A user's own sessions: listed with the one in use marked, ended one by one; ending the one in
use signs out; anyone else's session, or a personal token, is not found."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from core.accounts.models import ApiToken
from core.audit import AuditEntry
from tests.factories import PASSWORD, World
from tests.portal.test_pages import csrf_token, sign_in, text


def _api_sign_in(client: FlaskClient, world: World) -> dict[str, str]:
    made = client.post("/api/v1/auth/token", json={"email": world.b.user.email,
                                                    "password": PASSWORD})
    assert made.status_code == 200
    return {"Authorization": f"Bearer {made.json['token']}"}


def test_sessions_are_listed_with_the_current_one_marked(client, world) -> None:
    sign_in(client, world.b.user)
    one, other = _api_sign_in(client, world), _api_sign_in(client, world)
    listed = client.get("/api/v1/users/me/sessions", headers=one)
    assert listed.status_code == 200
    kinds = sorted(s["kind"] for s in listed.json)
    assert kinds.count("browser") == 1 and kinds.count("session") >= 2
    assert [s["current"] for s in listed.json].count(True) == 1
    entry = next(s for s in listed.json if s["current"])
    assert set(entry) == {"id", "kind", "created_at", "last_used_at", "expires_at", "current"}
    personal = client.post("/api/v1/auth/tokens", json={"name": "ERP"}, headers=other).json
    assert personal["id"] not in {s["id"] for s in listed.json}


def test_ending_a_session_ends_it_and_no_other(client, session, world) -> None:
    one, other = _api_sign_in(client, world), _api_sign_in(client, world)
    listed = client.get("/api/v1/users/me/sessions", headers=other).json
    theirs = next(s["id"] for s in listed if s["current"])
    ended = client.post(f"/api/v1/users/me/sessions/{theirs}/end", headers=one)
    assert ended.status_code == 204
    assert client.get("/api/v1/users/me", headers=other).status_code == 401
    assert client.get("/api/v1/users/me", headers=one).status_code == 200
    assert theirs not in {s["id"] for s in client.get("/api/v1/users/me/sessions",
                                                      headers=one).json}
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "session.end")).one()
    assert entry.entity_id == theirs and entry.actor_user_id == world.b.user.id
    mine = next(s["id"] for s in client.get("/api/v1/users/me/sessions", headers=one).json
                if s["current"])
    assert client.post(f"/api/v1/users/me/sessions/{mine}/end", headers=one).status_code == 204
    assert client.get("/api/v1/users/me", headers=one).status_code == 401


def test_another_users_session_or_a_personal_token_is_not_found(client, session, world) -> None:
    own = _api_sign_in(client, world)
    theirs = client.post("/api/v1/auth/token", json={"email": world.b.admin.email,
                                                      "password": PASSWORD}).json["token"]
    row = session.scalars(select(ApiToken).where(ApiToken.user_id == world.b.admin.id,
                                                 ApiToken.kind == "session")).first()
    personal = client.post("/api/v1/auth/tokens", json={"name": "ERP"}, headers=own).json
    for token_id in (row.id, personal["id"]):
        answer = client.post(f"/api/v1/users/me/sessions/{token_id}/end", headers=own)
        assert answer.status_code == 404 and answer.json["error"]["code"] == "not_found"
    assert client.get("/api/v1/users/me",
                      headers={"Authorization": f"Bearer {theirs}"}).status_code == 200


def test_the_page_lists_and_ends_sessions_and_ending_this_one_signs_out(client, session,
                                                                       world) -> None:
    sign_in(client, world.b.user)
    other = _api_sign_in(client, world)
    page = client.get("/account/sessions")
    assert page.status_code == 200
    shown = text(page)
    assert "This session" in shown and 'href="/account/sessions"' in shown
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == world.b.user.id)).all()
    browser = next(r for r in rows if r.kind == "browser")
    api = max((r for r in rows if r.kind == "session"), key=lambda r: r.id)  # `other`
    token = csrf_token(client, "/account/sessions")
    ended = client.post(f"/account/sessions/{api.id}/end", data={"csrf_token": token})
    assert ended.status_code == 302 and ended.headers["Location"].endswith("/account/sessions")
    assert client.get("/api/v1/users/me", headers=other).status_code == 401
    assert client.get("/account/sessions").status_code == 200
    out = client.post(f"/account/sessions/{browser.id}/end", data={"csrf_token": token})
    assert out.status_code == 302 and "/sign-in" in out.headers["Location"]
    assert client.get("/account/sessions").status_code == 302


def test_the_page_is_in_chinese_too(client, world) -> None:
    sign_in(client, world.a.user)
    client.post("/language", data={"lang": "zh", "csrf_token": csrf_token(client, "/")})
    shown = text(client.get("/account/sessions"))
    assert "会话" in shown and "当前会话" in shown
