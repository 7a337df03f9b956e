"""Password change and reset through the API and the pages, the reset e-mail sent to a real
SMTP server."""

import re
import time
from urllib.parse import parse_qs, urlsplit

from core.accounts.models import ApiToken
from tests.factories import PASSWORD
from tests.portal.test_pages import csrf_token, sign_in

NEW = "Fresh-meadow-93"


def _token_of(client, email, password=PASSWORD):
    answer = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    return answer.status_code, (answer.json or {}).get("token")


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def _reset_key(post_office, email):
    for _ in range(100):
        letters = post_office.to(email)
        if letters:
            text = letters[-1].get_body(preferencelist=("plain",)).get_content()
            link = re.search(r"https://tci\.example/password-reset/confirm\?\S+", text).group(0)
            return link, parse_qs(urlsplit(link).query)["token"][0]
        time.sleep(0.05)
    raise AssertionError(f"no e-mail to {email}")


def test_change_password_ends_other_sessions_but_not_this_one(client, world):
    _, this = _token_of(client, world.a.user.email)
    _, other = _token_of(client, world.a.user.email)
    changed = client.post("/api/v1/users/me/password", headers=_bearer(this),
                          json={"current_password": PASSWORD, "new_password": NEW})
    assert changed.status_code == 204
    assert client.get("/api/v1/users/me", headers=_bearer(this)).status_code == 200
    assert client.get("/api/v1/users/me", headers=_bearer(other)).status_code == 401
    assert _token_of(client, world.a.user.email)[0] == 401
    assert _token_of(client, world.a.user.email, NEW)[0] == 200


def test_change_password_needs_the_current_one_and_a_good_new_one(client, world):
    wrong = client.post("/api/v1/users/me/password", headers=world.as_("a.user"),
                        json={"current_password": "Not-it-at-all-1", "new_password": NEW})
    assert wrong.status_code == 422 and "current_password" in wrong.json["error"]["fields"]
    weak = client.post("/api/v1/users/me/password", headers=world.as_("a.user"),
                       json={"current_password": PASSWORD, "new_password": "short"})
    assert weak.status_code == 422 and "new_password" in weak.json["error"]["fields"]
    assert _token_of(client, world.a.user.email)[0] == 200


def test_reset_mails_a_single_use_link_that_ends_every_session(client, world, post_office):
    _, before = _token_of(client, world.b.user.email)
    asked = client.post("/api/v1/auth/password-reset", json={"email": world.b.user.email})
    assert asked.status_code == 202
    _link, key = _reset_key(post_office, world.b.user.email)
    done = client.post("/api/v1/auth/password-reset/confirm",
                       json={"token": key, "new_password": NEW})
    assert done.status_code == 204
    assert client.get("/api/v1/users/me", headers=_bearer(before)).status_code == 401
    assert _token_of(client, world.b.user.email, NEW)[0] == 200
    again = client.post("/api/v1/auth/password-reset/confirm",
                        json={"token": key, "new_password": "Another-field-71"})
    assert again.status_code == 422 and "token" in again.json["error"]["fields"]


def test_reset_for_an_unknown_email_answers_the_same_and_sends_nothing(client, post_office):
    asked = client.post("/api/v1/auth/password-reset", json={"email": "nobody@example.test"})
    assert asked.status_code == 202
    time.sleep(0.3)
    assert post_office.messages == []


def test_a_reset_link_expires_after_an_hour(client, session, world, post_office):
    client.post("/api/v1/auth/password-reset", json={"email": world.a.user.email})
    _link, key = _reset_key(post_office, world.a.user.email)
    row = session.query(ApiToken).filter_by(user_id=world.a.user.id, kind="reset").one()
    assert (row.expires_at - row.created_at).total_seconds() <= 3600
    row.expires_at = row.created_at
    session.commit()
    late = client.post("/api/v1/auth/password-reset/confirm",
                       json={"token": key, "new_password": NEW})
    assert late.status_code == 422


def test_reset_through_the_pages(app, client, world, post_office):
    sign_in_page = client.get("/sign-in").get_data(as_text=True)
    assert 'href="/password-reset"' in sign_in_page
    asked = client.post("/password-reset", data={
        "csrf_token": csrf_token(client, "/password-reset"), "email": world.a.admin.email})
    assert asked.status_code == 200
    link, _key = _reset_key(post_office, world.a.admin.email)
    path = link.removeprefix("https://tci.example")
    form = client.get(path).get_data(as_text=True)
    key = re.search(r'name="token" value="([^"]+)"', form).group(1)
    done = client.post("/password-reset/confirm", data={
        "csrf_token": csrf_token(client, path), "token": key, "new_password": NEW})
    assert done.status_code == 302
    assert client.get("/").status_code == 200  # signed in with the new password's session
    assert _token_of(client, world.a.admin.email, NEW)[0] == 200


def test_change_through_the_page_ends_the_other_browser(app, client, world):
    sign_in(client, world.a.user)
    other = app.test_client()
    sign_in(other, world.a.user)
    weak = client.post("/account/password", data={
        "csrf_token": csrf_token(client, "/account/password"),
        "current_password": PASSWORD, "new_password": "short"})
    assert weak.status_code == 422
    changed = client.post("/account/password", data={
        "csrf_token": csrf_token(client, "/account/password"),
        "current_password": PASSWORD, "new_password": NEW})
    assert changed.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
