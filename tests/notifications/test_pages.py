"""The pages: notification settings for every user, webhooks with their log for admins, and
the watch list for insureds; another insured's hook or delivery is not found."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.factories import World
from tests.portal.test_pages import csrf_token, sign_in


def test_settings_page_saves_modes_and_language(client: FlaskClient, world: World) -> None:
    assert sign_in(client, world.a.user).status_code == 302
    form = {"csrf_token": csrf_token(client, "/account/notifications"), "language": "zh",
            "limit.decided": "digest", "limit.changed": "none"}
    assert client.post("/account/notifications", data=form).status_code == 302
    api = client.get("/api/v1/users/me/notifications", headers=world.as_("a.user")).json
    assert (api["limit.decided"], api["limit.changed"], api["premium.invoiced"]) == (
        "digest", "none", "email")
    assert client.get("/api/v1/users/me", headers=world.as_("a.user")).json["language"] == "zh"


def test_webhooks_page_adds_a_hook_and_shows_its_secret_once(
    client: FlaskClient, world: World, session: Session
) -> None:
    assert sign_in(client, world.a.admin).status_code == 302
    token = csrf_token(client, "/account/webhooks")
    answer = client.post("/account/webhooks", data={
        "csrf_token": token, "url": "http://127.0.0.1:9/a", "events": ["limit.decided"]})
    assert answer.status_code == 200 and "whsec_" in answer.text
    page = client.get("/account/webhooks").text
    assert "http://127.0.0.1:9/a" in page and "whsec_" not in page
    refused = client.post("/account/webhooks", data={
        "csrf_token": token, "url": "ftp://example.com/", "events": ["limit.decided"]})
    assert refused.status_code == 422


def test_insured_users_may_not_manage_webhooks_and_staff_have_no_watch_list(
    client: FlaskClient, world: World
) -> None:
    assert sign_in(client, world.a.user).status_code == 302
    assert client.get("/account/webhooks").status_code == 403
    assert client.get("/watchlist").status_code == 200
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert sign_in(client, world.underwriter).status_code == 302
    assert client.get("/watchlist").status_code == 403
