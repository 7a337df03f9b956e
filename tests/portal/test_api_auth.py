"""Sign-in for the API, bearer tokens and personal API tokens."""

import datetime as dt

from core.accounts.models import ApiToken
from core.accounts.signin import FREE_ATTEMPTS
from tests.factories import PASSWORD


def _sign_in(client, email, password=PASSWORD):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


def test_sign_in_returns_a_working_token(client, world):
    answer = _sign_in(client, world.b.user.email)
    assert answer.status_code == 200 and answer.json["token"].startswith("tci_")
    assert answer.json["expires_at"].endswith("+00:00")
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {answer.json['token']}"})
    assert me.json["email"] == world.b.user.email and me.json["role"] == "insured_user"


def test_tokens_are_stored_only_as_hashes(client, session, world):
    token = _sign_in(client, world.b.user.email).json["token"]
    stored = session.query(ApiToken).filter_by(user_id=world.b.user.id).all()
    assert stored and all(token not in (row.token_hash, row.prefix) for row in stored)


def test_wrong_password_is_401_in_the_error_shape(client, world):
    answer = _sign_in(client, world.b.user.email, "Not-the-password-1")
    assert answer.status_code == 401
    assert answer.json == {"error": {"code": "unauthenticated",
                                     "message": "Wrong email or password.", "fields": {}}}


def test_repeated_failures_are_slowed_down(client, world):
    for _ in range(FREE_ATTEMPTS):
        assert _sign_in(client, world.b.user.email, "Not-the-password-1").status_code == 401
    locked = _sign_in(client, world.b.user.email)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_requests_without_or_with_a_bad_token_are_401(client, world):
    assert client.get("/api/v1/policies").status_code == 401
    bad = client.get("/api/v1/policies", headers={"Authorization": "Bearer tci_forged"})
    assert bad.status_code == 401 and bad.json["error"]["message"] == "Invalid or revoked token."
    odd = client.get("/api/v1/policies", headers={"Authorization": "Basic abc"})
    assert odd.status_code == 401


def test_an_expired_token_is_refused(client, session, world):
    token = _sign_in(client, world.b.user.email).json["token"]
    for row in session.query(ApiToken).filter_by(user_id=world.b.user.id):
        row.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    session.commit()
    answer = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and answer.json["error"]["message"] == "Token expired."


def test_a_suspended_users_tokens_stop_working(client, world):
    """A personal token pauses while its user is suspended; session tokens end for good."""
    personal = client.post("/api/v1/auth/tokens", json={"name": "ERP"},
                           headers=world.as_("a.user")).json["token"]
    headers = {"Authorization": f"Bearer {personal}"}
    suspend = client.post(f"/api/v1/users/{world.a.user.id}/suspend", headers=world.as_("a.admin"))
    assert suspend.status_code == 200 and suspend.json["active"] is False
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401
    client.post(f"/api/v1/users/{world.a.user.id}/reinstate", headers=world.as_("a.admin"))
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    assert client.get("/api/v1/users/me", headers=world.as_("a.user")).status_code == 401


def test_personal_tokens_are_shown_once_listed_and_revocable(client, world):
    created = client.post("/api/v1/auth/tokens", json={"name": "ERP", "expires_in_days": 30},
                          headers=world.as_("a.admin"))
    assert created.status_code == 201
    token, token_id = created.json["token"], created.json["id"]
    own = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/users/me", headers=own).json["id"] == world.a.admin.id
    listed = client.get("/api/v1/auth/tokens", headers=world.as_("a.admin")).json
    assert [t["name"] for t in listed] == ["ERP"] and "token" not in listed[0]
    revoked = client.post(f"/api/v1/auth/tokens/{token_id}/revoke", headers=world.as_("a.admin"))
    assert revoked.status_code == 200 and revoked.json["revoked_at"]
    assert client.get("/api/v1/users/me", headers=own).status_code == 401


def test_personal_token_bodies_are_checked(client, world):
    answer = client.post("/api/v1/auth/tokens", json={"name": "", "expires_in_days": 0},
                         headers=world.as_("a.user"))
    assert answer.status_code == 422
    assert set(answer.json["error"]["fields"]) == {"name", "expires_in_days"}
