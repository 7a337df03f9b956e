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
