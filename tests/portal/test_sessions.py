"""Sessions that end: a page sign-out ends the session on the server, an API sign-out revokes
the bearer session token used, and a suspended user's sessions end at once."""

from tests.factories import PASSWORD
from tests.portal.test_pages import csrf_token, sign_in


def _copied_cookie(client):
    return client.get_cookie("tci_session").value


def test_a_copied_cookie_stops_working_after_sign_out(app, client, world):
    assert sign_in(client, world.a.user).status_code == 302
    copied = _copied_cookie(client)
    assert client.get("/").status_code == 200
    signed_out = client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert signed_out.status_code == 302
    thief = app.test_client()
    thief.set_cookie("tci_session", copied)
    answer = thief.get("/")
    assert answer.status_code == 302 and "/sign-in" in answer.headers["Location"]


def test_a_copied_cookie_works_while_the_session_lasts(app, client, world):
    sign_in(client, world.a.user)
    twin = app.test_client()
    twin.set_cookie("tci_session", _copied_cookie(client))
    assert twin.get("/").status_code == 200


def test_api_sign_out_revokes_the_token_used_and_no_other(client, world):
    first = client.post("/api/v1/auth/token",
                        json={"email": world.b.user.email, "password": PASSWORD}).json["token"]
    second = client.post("/api/v1/auth/token",
                         json={"email": world.b.user.email, "password": PASSWORD}).json["token"]
    one, other = ({"Authorization": f"Bearer {t}"} for t in (first, second))
    assert client.post("/api/v1/auth/sign-out", headers=one).status_code == 204
    assert client.get("/api/v1/users/me", headers=one).status_code == 401
    assert client.get("/api/v1/users/me", headers=other).status_code == 200
    assert client.post("/api/v1/auth/sign-out").status_code == 401


def test_api_sign_out_leaves_a_personal_token_alone(client, world):
    created = client.post("/api/v1/auth/tokens", json={"name": "ERP"},
                          headers=world.as_("a.user")).json
    own = {"Authorization": f"Bearer {created['token']}"}
    assert client.post("/api/v1/auth/sign-out", headers=own).status_code == 204
    assert client.get("/api/v1/users/me", headers=own).status_code == 200


def test_a_session_key_is_no_bearer_token(client, world):
    sign_in(client, world.a.user)
    with client.session_transaction() as cookie:
        key = cookie["key"]
    answer = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 401


def test_suspension_ends_sessions_and_tokens_at_once(app, client, world):
    sign_in(client, world.a.user)
    assert client.get("/").status_code == 200
    bearer = world.as_("a.user")
    suspended = client.post(f"/api/v1/users/{world.a.user.id}/suspend",
                            headers=world.as_("a.admin"))
    assert suspended.status_code == 200
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/users/me", headers=bearer).status_code == 401
    client.post(f"/api/v1/users/{world.a.user.id}/reinstate", headers=world.as_("a.admin"))
    assert client.get("/api/v1/users/me", headers=bearer).status_code == 401  # ended, not paused
    assert client.get("/").status_code == 302


def test_another_tenants_admin_cannot_suspend(client, world):
    answer = client.post(f"/api/v1/users/{world.b.user.id}/suspend", headers=world.as_("a.admin"))
    assert answer.status_code == 404
    assert client.get("/api/v1/users/me", headers=world.as_("b.user")).status_code == 200


def test_production_refuses_a_short_secret_key(monkeypatch, tmp_path):
    import pytest

    from portal import create_app
    from portal.config import InsecureSettings

    monkeypatch.setenv("TCI_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x")
    with pytest.raises(InsecureSettings):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite'}"})
    with pytest.raises(InsecureSettings):
        create_app({"SECRET_KEY": "y" * 31, "DATABASE_URL": "sqlite://"})
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    assert create_app({"DATABASE_URL": "sqlite://"}).config["SESSION_COOKIE_SECURE"] is True


def test_common_passwords_are_refused(client, world):
    for common in ("1234567890", "Password12", "qwertyuiop", "!Dragon2024"):
        answer = client.post(f"/api/v1/insureds/{world.a.insured.id}/users",
                             headers=world.as_("a.admin"), json={
                                 "email": "new.one@example.test", "password": common,
                                 "role": "insured_user"})
        assert answer.status_code == 422, common
        assert "password" in answer.json["error"]["fields"], common
    fine = client.post(f"/api/v1/insureds/{world.a.insured.id}/users",
                       headers=world.as_("a.admin"), json={
                           "email": "new.one@example.test", "password": "Larch-windmill-58",
                           "role": "insured_user"})
    assert fine.status_code == 201
