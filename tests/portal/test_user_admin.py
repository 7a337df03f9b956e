"""An insured's admin manages its users: lists and revokes their personal API tokens, suspends
and reinstates them, makes them admins or plain users (never leaving the insured without an
active admin); another insured's users and tokens are not found. Every change is audited."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from core.accounts.models import ApiToken, User
from core.audit import AuditEntry
from tests.factories import PASSWORD, World, audit_count
from tests.portal.test_pages import csrf_token, sign_in, text


def _personal(client: FlaskClient, world: World, who: str, name: str = "ERP") -> dict:
    made = client.post("/api/v1/auth/tokens", json={"name": name}, headers=world.as_(who))
    assert made.status_code == 201
    return dict(made.json)


def test_an_admin_lists_its_users_tokens_without_the_secrets(client, world) -> None:
    mine = _personal(client, world, "a.user")
    theirs = _personal(client, world, "b.user")
    listed = client.get(f"/api/v1/insureds/{world.a.insured.id}/tokens",
                        headers=world.as_("a.admin"))
    assert listed.status_code == 200
    assert [t["id"] for t in listed.json] == [mine["id"]]
    entry = listed.json[0]
    assert set(entry) == {"id", "user_id", "user_email", "name", "prefix", "created_at",
                          "last_used_at", "expires_at", "revoked_at"}
    assert entry["user_email"] == world.a.user.email and mine["token"] not in str(listed.json)
    every = client.get(f"/api/v1/insureds/{world.b.insured.id}/tokens",
                       headers=world.as_("insurer_admin"))
    assert [t["id"] for t in every.json] == [theirs["id"]]
    for who, status in (("b.admin", 404), ("a.user", 403), ("underwriter", 403)):
        answer = client.get(f"/api/v1/insureds/{world.a.insured.id}/tokens",
                            headers=world.as_(who))
        assert answer.status_code == status, who


def test_an_admin_revokes_its_users_token_and_no_one_elses(client, session, world) -> None:
    mine = _personal(client, world, "a.user")
    theirs = _personal(client, world, "b.user")
    used = {"Authorization": f"Bearer {mine['token']}"}
    assert client.get("/api/v1/users/me", headers=used).status_code == 200
    before = audit_count(session)
    other = client.post(f"/api/v1/auth/tokens/{theirs['id']}/revoke",
                        headers=world.as_("a.admin"))
    assert other.status_code == 404 and audit_count(session) == before
    by_user = client.post(f"/api/v1/auth/tokens/{mine['id']}/revoke",
                          headers=world.as_("b.user"))
    assert by_user.status_code == 404
    revoked = client.post(f"/api/v1/auth/tokens/{mine['id']}/revoke",
                          headers=world.as_("a.admin"))
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    assert client.get("/api/v1/users/me", headers=used).status_code == 401
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == "api_token.revoke")).one()
    assert (entry.actor_user_id, entry.insured_id, entry.entity_id) == (
        world.a.admin.id, world.a.insured.id, mine["id"])
    assert client.post(f"/api/v1/auth/tokens/{theirs['id']}/revoke",
                       headers=world.as_("insurer_admin")).status_code == 200


def test_a_plain_user_still_revokes_only_its_own(client, world) -> None:
    admins = _personal(client, world, "a.admin")
    assert client.post(f"/api/v1/auth/tokens/{admins['id']}/revoke",
                       headers=world.as_("a.user")).status_code == 404
    own = _personal(client, world, "a.user")
    assert client.post(f"/api/v1/auth/tokens/{own['id']}/revoke",
                       headers=world.as_("a.user")).status_code == 200


def test_an_admin_may_not_end_a_users_sessions_through_token_revoke(client, session,
                                                                    world) -> None:
    signed = client.post("/api/v1/auth/token", json={"email": world.a.user.email,
                                                     "password": PASSWORD})
    assert signed.status_code == 200
    row = session.scalars(select(ApiToken).where(ApiToken.user_id == world.a.user.id,
                                                 ApiToken.kind == "session")).first()
    assert client.post(f"/api/v1/auth/tokens/{row.id}/revoke",
                       headers=world.as_("a.admin")).status_code == 404


def _role(client: FlaskClient, world: World, who: str, user: User, role: str):
    return client.patch(f"/api/v1/users/{user.id}", json={"role": role}, headers=world.as_(who))


def test_roles_change_between_admin_and_user_and_are_audited(client, session, world) -> None:
    promoted = _role(client, world, "a.admin", world.a.user, "insured_admin")
    assert promoted.status_code == 200 and promoted.json["role"] == "insured_admin"
    assert client.get("/api/v1/audit", headers=world.as_("a.user")).status_code == 200  # at once
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.role")).one()
    assert (entry.before, entry.after) == ({"role": "insured_user"}, {"role": "insured_admin"})
    demoted = _role(client, world, "a.user", world.a.admin, "insured_user")
    assert demoted.status_code == 200
    assert client.get("/api/v1/audit", headers=world.as_("a.admin")).status_code == 403


def test_the_last_active_admin_stays_one(client, session, world) -> None:
    before = audit_count(session)
    itself = _role(client, world, "a.admin", world.a.admin, "insured_user")
    assert itself.status_code == 409 and itself.json["error"]["code"] == "conflict"
    by_insurer = _role(client, world, "insurer_admin", world.a.admin, "insured_user")
    assert by_insurer.status_code == 409
    assert audit_count(session) == before
    _role(client, world, "a.admin", world.a.user, "insured_admin")
    client.post(f"/api/v1/users/{world.a.user.id}/suspend", headers=world.as_("a.admin"))
    assert _role(client, world, "a.admin", world.a.admin, "insured_user").status_code == 409
    client.post(f"/api/v1/users/{world.a.user.id}/reinstate", headers=world.as_("a.admin"))
    assert _role(client, world, "a.admin", world.a.admin, "insured_user").status_code == 200


def test_roles_are_refused_beyond_the_insureds_own(client, session, world) -> None:
    before = audit_count(session)
    for role in ("underwriter", "insurer_admin", "boss", ""):
        answer = _role(client, world, "a.admin", world.a.user, role)
        assert answer.status_code == 422 and "role" in answer.json["error"]["fields"], role
    assert _role(client, world, "b.admin", world.a.user, "insured_admin").status_code == 404
    assert _role(client, world, "a.user", world.a.user, "insured_admin").status_code == 403
    staff = _role(client, world, "insurer_admin", world.underwriter, "insured_admin")
    assert staff.status_code == 422
    assert audit_count(session) == before


def test_suspension_ends_every_session_at_once(app, client, session, world) -> None:
    sign_in(client, world.a.user)
    token = client.post("/api/v1/auth/token", json={
        "email": world.a.user.email, "password": PASSWORD}).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/account/sessions").status_code == 200
    assert len(client.get("/api/v1/users/me/sessions", headers=bearer).json) >= 2
    assert client.post(f"/api/v1/users/{world.a.user.id}/suspend",
                       headers=world.as_("a.admin")).status_code == 200
    session.expire_all()
    live = session.scalars(select(ApiToken).where(
        ApiToken.user_id == world.a.user.id, ApiToken.kind.in_(("browser", "session")),
        ApiToken.revoked_at.is_(None))).all()
    assert live == []
    assert client.get("/account/sessions").status_code == 302
    assert client.get("/api/v1/users/me/sessions", headers=bearer).status_code == 401


def test_the_users_page_suspends_reinstates_changes_roles_and_revokes(client, session,
                                                                      world) -> None:
    made = _personal(client, world, "a.user")
    sign_in(client, world.a.admin)
    path = f"/insureds/{world.a.insured.id}/users"
    page = client.get(path)
    assert page.status_code == 200
    shown = text(page)
    assert world.a.user.email in shown and made["prefix"] in shown and made["token"] not in shown
    assert 'href="' + path + '"' in text(client.get("/"))  # in the menu
    token = csrf_token(client, path)
    assert client.post(f"/users/{world.a.user.id}/suspend",
                       data={"csrf_token": token}).status_code == 302
    session.expire_all()
    assert session.get(User, world.a.user.id).active is False
    client.post(f"/users/{world.a.user.id}/reinstate", data={"csrf_token": token})
    client.post(f"/users/{world.a.user.id}/role", data={"csrf_token": token,
                                                        "role": "insured_admin"})
    session.expire_all()
    user = session.get(User, world.a.user.id)
    assert user.active is True and user.role.value == "insured_admin"
    client.post(f"/insureds/{world.a.insured.id}/tokens/{made['id']}/revoke",
                data={"csrf_token": token})
    session.expire_all()
    assert session.get(ApiToken, made["id"]).revoked_at is not None
    bad = client.post(f"/users/{world.a.user.id}/role", data={"csrf_token": token,
                                                              "role": "underwriter"})
    assert bad.status_code == 422


def test_the_users_page_refuses_the_last_admins_demotion(client, session, world) -> None:
    sign_in(client, world.a.admin)
    path = f"/insureds/{world.a.insured.id}/users"
    answer = client.post(f"/users/{world.a.admin.id}/role", data={
        "csrf_token": csrf_token(client, path), "role": "insured_user"})
    assert answer.status_code == 422
    assert "last active admin" in text(answer)
    session.expire_all()
    assert session.get(User, world.a.admin.id).role.value == "insured_admin"


def test_the_users_page_is_another_insureds_404(client, world) -> None:
    sign_in(client, world.a.admin)
    assert client.get(f"/insureds/{world.b.insured.id}/users").status_code == 404
    token = csrf_token(client, "/")
    for action in ("suspend", "reinstate", "role"):
        answer = client.post(f"/users/{world.b.user.id}/{action}", data={
            "csrf_token": token, "role": "insured_admin"})
        assert answer.status_code == 404, action
