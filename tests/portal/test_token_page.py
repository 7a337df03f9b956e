"""The personal token page: its expiry field works and its help shows the header in full."""

from core.accounts.models import ApiToken
from tests.portal.test_pages import csrf_token, sign_in


def test_a_token_with_an_expiry_is_created_from_the_page(client, session, world):
    sign_in(client, world.a.user)
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "Authorization: Bearer &lt;token&gt;" in page
    made = client.post("/account/tokens", data={
        "csrf_token": csrf_token(client, "/account/tokens"), "name": "ERP",
        "expires_in_days": "30"})
    assert made.status_code == 200, made.get_data(as_text=True)
    assert "Enter a whole number" not in made.get_data(as_text=True)
    row = session.query(ApiToken).filter_by(user_id=world.a.user.id, kind="personal").one()
    assert 29 <= (row.expires_at - row.created_at).days <= 30


def test_a_bad_expiry_is_refused_on_the_page(client, session, world):
    sign_in(client, world.a.user)
    for bad in ("thirty", "0", "9999"):
        made = client.post("/account/tokens", data={
            "csrf_token": csrf_token(client, "/account/tokens"), "name": "ERP",
            "expires_in_days": bad})
        assert made.status_code == 422, bad
    assert session.query(ApiToken).filter_by(user_id=world.a.user.id, kind="personal").count() == 0


def test_personal_tokens_expire_by_default_and_record_their_use(client, session, world):
    import datetime as dt

    made = client.post("/api/v1/auth/tokens", json={"name": "ERP"}, headers=world.as_("a.user"))
    row = session.get(ApiToken, made.json["id"])
    assert round((row.expires_at - row.created_at).total_seconds() / 86400) == 90
    assert row.last_used_at is None
    own = {"Authorization": f"Bearer {made.json['token']}"}
    assert client.get("/api/v1/users/me", headers=own).status_code == 200
    session.expire_all()
    first = session.get(ApiToken, made.json["id"]).last_used_at
    assert first is not None
    client.get("/api/v1/users/me", headers=own)
    session.expire_all()
    assert session.get(ApiToken, made.json["id"]).last_used_at == first  # not within a minute
    row = session.get(ApiToken, made.json["id"])
    row.last_used_at = first - dt.timedelta(minutes=2)
    session.commit()
    client.get("/api/v1/users/me", headers=own)
    session.expire_all()
    assert session.get(ApiToken, made.json["id"]).last_used_at > first - dt.timedelta(minutes=1)
