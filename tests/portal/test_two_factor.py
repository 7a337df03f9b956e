"""Two-factor sign-in by TOTP through the API: enrolment, confirmation, sign-in with a code or a
recovery code, codes never taken twice, wrong codes counted by the sign-in throttle."""

import time

import pyotp

from core.accounts.models import RecoveryCode, TwoFactor
from core.accounts.signin import FREE_ATTEMPTS
from core.audit import AuditEntry
from tests.factories import PASSWORD


def code_at(secret: str, steps_ahead: int = 0) -> str:
    """The code of the step `steps_ahead` from now (the server takes one either side)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def turn_on(client, headers) -> tuple[str, list[str]]:
    """Enrol and confirm with the current code: the secret and the recovery codes."""
    secret = client.post("/api/v1/users/me/totp", headers=headers).json["secret"]
    confirmed = client.post("/api/v1/users/me/totp/confirm", json={"code": code_at(secret)},
                            headers=headers)
    assert confirmed.status_code == 200, confirmed.json
    return secret, confirmed.json["recovery_codes"]


def _sign_in(client, email, **second):
    return client.post("/api/v1/auth/token",
                       json={"email": email, "password": PASSWORD, **second})


def test_enrolment_gives_a_secret_and_is_not_asked_for_until_confirmed(client, world):
    answer = client.post("/api/v1/users/me/totp", headers=world.as_("a.user"))
    assert answer.status_code == 200
    secret, uri = answer.json["secret"], answer.json["otpauth_uri"]
    assert len(secret) >= 16 and uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    assert pyotp.parse_uri(uri).secret == secret
    assert _sign_in(client, world.a.user.email).status_code == 200


def test_confirmation_needs_a_right_code_and_shows_ten_codes_stored_hashed(
        client, session, world):
    headers = world.as_("a.user")
    secret = client.post("/api/v1/users/me/totp", headers=headers).json["secret"]
    wrong = client.post("/api/v1/users/me/totp/confirm", json={"code": "12345x"},
                        headers=headers)
    assert wrong.status_code == 422 and "code" in wrong.json["error"]["fields"]
    assert _sign_in(client, world.a.user.email).status_code == 200  # still off
    codes = client.post("/api/v1/users/me/totp/confirm", json={"code": code_at(secret)},
                        headers=headers).json["recovery_codes"]
    assert len(codes) == len(set(codes)) == 10
    stored = {row.code_hash for row in session.query(RecoveryCode).filter_by(
        user_id=world.a.user.id)}
    assert len(stored) == 10 and not stored & set(codes)
    again = client.post("/api/v1/users/me/totp/confirm", json={"code": code_at(secret, 1)},
                        headers=headers)
    assert again.status_code == 409  # on already


def test_with_it_on_the_password_alone_is_not_enough(client, world):
    turn_on(client, world.as_("a.user"))
    answer = _sign_in(client, world.a.user.email)
    assert answer.status_code == 401 and answer.json["error"]["code"] == "totp_required"


def test_sign_in_with_a_code_and_the_same_code_never_again(client, world):
    headers = world.as_("a.user")
    secret = client.post("/api/v1/users/me/totp", headers=headers).json["secret"]
    first = code_at(secret)
    client.post("/api/v1/users/me/totp/confirm", json={"code": first}, headers=headers)
    assert _sign_in(client, world.a.user.email, totp=first).status_code == 401
    following = code_at(secret, 1)  # the confirmation took the current step
    signed_in = _sign_in(client, world.a.user.email, totp=following)
    assert signed_in.status_code == 200 and signed_in.json["token"].startswith("tci_")
    replay = _sign_in(client, world.a.user.email, totp=following)
    assert replay.status_code == 401 and replay.json["error"]["code"] == "unauthenticated"
    assert "already used" in replay.json["error"]["message"]


def test_a_recovery_code_works_once(client, session, world):
    _secret, codes = turn_on(client, world.as_("a.user"))
    assert _sign_in(client, world.a.user.email, recovery_code=codes[3]).status_code == 200
    assert _sign_in(client, world.a.user.email, recovery_code=codes[3]).status_code == 401
    assert _sign_in(client, world.a.user.email,
                    recovery_code=codes[4].upper().replace("-", "")).status_code == 200
    uses = session.query(AuditEntry).filter_by(action="two_factor.recovery_code_use").all()
    assert [use.after["left"] for use in uses] == [9, 8]
    assert all(use.actor_user_id == world.a.user.id for use in uses)


def test_a_wrong_code_is_401_and_counts_towards_the_throttle(client, world):
    secret, _codes = turn_on(client, world.as_("a.user"))
    wrong = _sign_in(client, world.a.user.email, totp="000000")
    assert wrong.status_code == 401
    assert wrong.json["error"]["message"].startswith("Wrong two-factor code")
    for _ in range(FREE_ATTEMPTS - 1):
        assert _sign_in(client, world.a.user.email, recovery_code="nope").status_code == 401
    locked = _sign_in(client, world.a.user.email, totp=code_at(secret, 1))
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0


def test_a_wrong_password_never_tries_the_code(client, session, world):
    _secret, codes = turn_on(client, world.as_("a.user"))
    answer = client.post("/api/v1/auth/token", json={
        "email": world.a.user.email, "password": "Not-the-password-1", "recovery_code": codes[0]})
    assert answer.status_code == 401 and answer.json["error"]["code"] == "unauthenticated"
    assert _sign_in(client, world.a.user.email, recovery_code=codes[0]).status_code == 200


def test_enrolment_while_on_is_refused_and_every_move_is_audited(client, session, world):
    headers = world.as_("a.admin")
    secret, _codes = turn_on(client, headers)
    assert client.post("/api/v1/users/me/totp", headers=headers).status_code == 409
    row = session.query(TwoFactor).filter_by(user_id=world.a.admin.id).one()
    assert row.secret == secret and row.status.value == "on"
    moves = [e.action for e in session.query(AuditEntry).filter_by(
        entity_type="TwoFactor").order_by(AuditEntry.id)]
    assert moves == ["two_factor.enrol", "two_factor.confirm"]
    assert all(secret not in str(e.after) for e in session.query(AuditEntry))


def test_confirming_without_an_enrolment_is_refused(client, world):
    answer = client.post("/api/v1/users/me/totp/confirm", json={"code": "123456"},
                         headers=world.as_("b.user"))
    assert answer.status_code == 422 and "code" in answer.json["error"]["fields"]
