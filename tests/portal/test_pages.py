"""The HTML pages as a browser uses them: forms with CSRF tokens, the session cookie, languages."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from core.accounts import tokens
from core.accounts.models import Insured, User
from core.tenancy import Scope, tenant_scope
from tests.factories import PASSWORD, World, audit_count
from underwriting.policies import Policy

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
INPUT = re.compile(r'<input type="(\w+)" name="([^"]+)" value="([^"]*)"')
SELECT = re.compile(r'<select name="([^"]+)">\s*<option value="([^"]+)"')
SIGN_OUT_ZH = "退出登录"
SIGN_IN_ZH = "登录"


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def csrf_token(client: FlaskClient, page: str = "/sign-in") -> str:
    match = CSRF.search(text(client.get(page)))
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def post(client: FlaskClient, path: str, data: dict[str, str], page: str = "/") -> TestResponse:
    """Submit a form the way a browser does: with the token of a page just loaded."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


def sign_in(client: FlaskClient, user: User, next_: str = "") -> TestResponse:
    return post(client, "/sign-in", {"email": user.email, "password": PASSWORD, "next": next_},
                page="/sign-in")


def policy_form(page: str) -> dict[str, str]:
    """The issue-a-policy form as rendered: every text field and the first option of each select."""
    form = page[page.index('/policies"'):]
    form = form[:form.index("</form>")]
    fields = {name: html.unescape(value) for kind, name, value in INPUT.findall(form)
              if kind not in ("hidden", "checkbox")}
    fields.update(SELECT.findall(form))
    return fields


def home(client: FlaskClient) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return text(response)


def stays_on_site(location: str) -> bool:
    """A browser reads a backslash as a slash, so '/\\host' would leave the site as '//host'."""
    return location.startswith("/") and not location.startswith("//") and "\\" not in location


def count(session: Session, model: type) -> int:
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture(autouse=True)
def _business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-03-01")  # inside the world's policy year


def test_sign_in_page_renders(client: FlaskClient) -> None:
    response = client.get("/sign-in")
    assert response.status_code == 200
    assert '<html lang="en">' in text(response)
    assert 'name="password"' in text(response) and CSRF.search(text(response))
    assert 'autocomplete="current-password"' in text(response)  # password managers rely on it


@pytest.mark.parametrize("who", ["a.user", "a.admin"])
def test_insured_home_shows_own_insured_and_policy(
    client: FlaskClient, world: World, who: str
) -> None:
    user = world.a.admin if who == "a.admin" else world.a.user
    response = sign_in(client, user)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = home(client)
    assert world.a.insured.name in page and world.a.policy.number in page
    assert world.b.insured.name not in page and world.b.policy.number not in page
    if who == "a.admin":
        assert world.a.user.email in page  # the admin sees the insured's users
    else:
        assert world.a.admin.email not in page


@pytest.mark.parametrize("who", ["underwriter", "claims_handler"])
def test_staff_home_shows_policies_in_force(client: FlaskClient, world: World, who: str) -> None:
    sign_in(client, getattr(world, who))
    page = home(client)
    assert "In force" in page
    assert world.a.policy.number in page and world.b.policy.number in page


def test_insurer_admin_home_lists_both_insureds(client: FlaskClient, world: World) -> None:
    sign_in(client, world.insurer_admin)
    page = home(client)
    assert world.a.insured.name in page and world.b.insured.name in page


def test_wrong_password_is_refused_with_a_message(client: FlaskClient, world: World) -> None:
    token = csrf_token(client)
    response = client.post("/sign-in", data={
        "email": world.a.user.email, "password": "Not-the-password-1", "csrf_token": token,
    })
    assert response.status_code == 401
    assert "Wrong email or password." in text(response)
    assert client.get("/").status_code == 302


def test_post_without_csrf_token_is_refused(
    client: FlaskClient, session: Session, world: World
) -> None:
    client.get("/sign-in")
    response = client.post("/sign-in", data={"email": world.a.user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").headers["Location"].startswith("/sign-in")
    sign_in(client, world.insurer_admin)
    before = count(session, Insured)
    forged = {"name": "Forged GmbH", "country": "DE", "registration_number": "HRB 1"}
    assert client.post("/admin/insureds", data=forged).status_code == 400
    assert count(session, Insured) == before


def test_sign_out_ends_the_session(client: FlaskClient, world: World) -> None:
    sign_in(client, world.a.user)
    assert client.get("/").status_code == 200
    response = post(client, "/sign-out", {})
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"].startswith("/sign-in")


def test_sign_in_returns_to_the_page_asked_for(client: FlaskClient, world: World) -> None:
    asked = client.get("/account/tokens")
    assert asked.status_code == 302
    sign_in_page = text(client.get(asked.headers["Location"]))
    next_ = re.findall(r'name="next" value="([^"]*)"', sign_in_page)[-1]  # the sign-in form's
    assert next_.startswith("/account/tokens")
    response = sign_in(client, world.a.user, next_=html.unescape(next_))
    assert response.headers["Location"].startswith("/account/tokens")
    assert client.get(response.headers["Location"]).status_code == 200


@pytest.mark.parametrize("target", [
    "//evil.example", "https://evil.example/", "/\\evil.example", "/\t/evil.example",
    "evil.example", "javascript:alert(1)",
])
def test_next_cannot_leave_the_site(client: FlaskClient, world: World, target: str) -> None:
    location = sign_in(client, world.a.user, next_=target).headers["Location"]
    assert stays_on_site(location), location
    if "\\" not in target:
        assert location == "/"


def test_language_switch_makes_the_pages_chinese(client: FlaskClient, world: World) -> None:
    sign_in(client, world.a.user)
    assert "Sign out" in home(client)
    response = post(client, "/language", {"lang": "zh", "next": "/"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = text(client.get("/"))
    assert '<html lang="zh-Hans">' in page
    assert SIGN_OUT_ZH in page and "Sign out" not in page
    post(client, "/language", {"lang": "en"})
    assert '<html lang="en">' in text(client.get("/"))


def test_browser_language_decides_when_none_was_chosen(client: FlaskClient) -> None:
    chinese = text(client.get("/sign-in", headers={"Accept-Language": "zh-CN,zh;q=0.9"}))
    assert '<html lang="zh-Hans">' in chinese and f"<h1>{SIGN_IN_ZH}</h1>" in chinese
    english = text(client.get("/sign-in", headers={"Accept-Language": "en-US,en;q=0.9"}))
    assert '<html lang="en">' in english and "<h1>Sign in</h1>" in english


def test_insurer_admin_registers_an_insured(
    client: FlaskClient, session: Session, world: World
) -> None:
    sign_in(client, world.insurer_admin)
    response = post(client, "/admin/insureds", {
        "name": "Nordwerk Maschinenbau GmbH", "country": "de", "registration_number": "HRB 704512",
    }, page="/admin/insureds")
    assert response.status_code == 302
    assert "Nordwerk Maschinenbau GmbH" in text(client.get("/admin/insureds"))
    with tenant_scope(Scope.everyone()):
        insured = session.scalar(select(Insured).where(Insured.registration_number == "HRB 704512"))
    assert insured is not None and insured.country == "DE"


def test_insurer_admin_issues_a_policy_with_the_form_as_rendered(
    client: FlaskClient, session: Session, world: World
) -> None:
    sign_in(client, world.insurer_admin)
    page = f"/insureds/{world.b.insured.id}"
    form = policy_form(text(client.get(page)))
    form.update(number="FR-2026-0042", start_date="2026-02-01", end_date="2027-01-31")
    form["terms.insured_pct_insurer_limit"] = "85"
    response = post(client, f"{page}/policies", form, page=page)
    assert response.status_code == 302, text(response)
    assert "FR-2026-0042" in text(client.get(page))
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        policy = session.scalar(select(Policy).where(Policy.number == "FR-2026-0042"))
        assert policy is not None and policy.insured_id == world.b.insured.id
        assert str(policy.terms_on(policy.start_date).terms.insured_pct_insurer_limit) == "85"


@pytest.mark.parametrize("bad, message", [
    ({"terms.insured_pct_insurer_limit": "150"}, "Must be between 0 and 100."),
    ({"start_date": "2026-06-01", "end_date": "2026-05-31"}, "Must be after start_date."),
])
def test_a_bad_policy_form_answers_422_and_writes_nothing(
    client: FlaskClient, session: Session, world: World, bad: dict[str, str], message: str
) -> None:
    sign_in(client, world.insurer_admin)
    page = f"/insureds/{world.b.insured.id}"
    form = {"number": "FR-BAD-1", "currency": "EUR", "start_date": "2026-01-01",
            "end_date": "2026-12-31", **bad}
    before, audited = count(session, Policy), audit_count(session)
    response = post(client, f"{page}/policies", form, page=page)
    assert response.status_code == 422
    assert message in text(response)
    assert count(session, Policy) == before and audit_count(session) == audited


def test_insurer_admin_adds_a_user_who_can_then_sign_in(client: FlaskClient, world: World) -> None:
    sign_in(client, world.insurer_admin)
    page = f"/insureds/{world.b.insured.id}"
    response = post(client, f"{page}/users", {
        "email": "new.clerk@negoce.example", "full_name": "Chloé Martin",
        "password": "Another-good-pass-7", "role": "insured_user",
    }, page=page)
    assert response.status_code == 302
    assert "new.clerk@negoce.example" in text(client.get(page))
    post(client, "/sign-out", {})
    response = post(client, "/sign-in", {
        "email": "new.clerk@negoce.example", "password": "Another-good-pass-7",
    }, page="/sign-in")
    assert response.headers["Location"] == "/"
    assert world.b.insured.name in text(client.get("/"))


def test_insured_admin_opens_own_insured_but_gets_404_for_other_tenant(
    client: FlaskClient, session: Session, world: World
) -> None:
    sign_in(client, world.a.admin)
    own = client.get(f"/insureds/{world.a.insured.id}")
    assert own.status_code == 200 and world.a.user.email in text(own)
    assert "Issue a policy" not in text(own)  # issuing policies is the insurer's
    other = f"/insureds/{world.b.insured.id}"
    response = client.get(other)
    assert response.status_code == 404
    assert world.b.insured.name not in text(response)
    before, users = audit_count(session), count(session, User)
    intruder = {"email": "intruder@example.test", "password": "Another-good-pass-7",
                "role": "insured_admin"}
    assert post(client, f"{other}/users", intruder).status_code == 404
    assert audit_count(session) == before and count(session, User) == users


def test_insured_user_may_not_open_administration(client: FlaskClient, world: World) -> None:
    sign_in(client, world.a.user)
    assert client.get("/admin/insureds").status_code == 403
    assert client.get(f"/insureds/{world.a.insured.id}").status_code == 403


def test_personal_token_shown_once_works_until_revoked(client: FlaskClient, world: World) -> None:
    sign_in(client, world.a.user)
    page = text(post(client, "/account/tokens", {"name": "ERP connector"}, page="/account/tokens"))
    issued = re.search(r'<p class="flash success token"><code>([^<]+)</code>', page)
    assert issued
    bearer = {"Authorization": f"Bearer {issued.group(1)}"}
    again = text(client.get("/account/tokens"))
    assert "ERP connector" in again and issued.group(1) not in again
    me = client.get("/api/v1/users/me", headers=bearer)
    assert me.status_code == 200 and me.json["email"] == world.a.user.email
    revoke = re.findall(r'action="(/account/tokens/\d+/revoke)"', again)[0]
    assert post(client, revoke, {}, page="/account/tokens").status_code == 302
    assert client.get("/api/v1/users/me", headers=bearer).status_code == 401
    assert "Revoked" in text(client.get("/account/tokens"))


def test_revoking_another_users_token_answers_404(
    client: FlaskClient, session: Session, world: World
) -> None:
    with tenant_scope(Scope.everyone()):
        clear, row = tokens.issue_token(session, world.b.user, kind="personal", name="theirs")
        session.commit()
    sign_in(client, world.a.user)
    response = post(client, f"/account/tokens/{row.id}/revoke", {}, page="/account/tokens")
    assert response.status_code == 404
    their = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {clear}"})
    assert their.status_code == 200


def test_pages_send_security_headers_and_safe_cookie(client: FlaskClient, world: World) -> None:
    signed_in = sign_in(client, world.a.user)
    for response in (client.get("/sign-in"), signed_in, client.get("/")):
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    cookie = next(c for c in signed_in.headers.getlist("Set-Cookie")
                  if c.startswith("tci_session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_site_icon_is_served_to_everyone(client: FlaskClient) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer.mimetype in ("image/x-icon",
                                                              "image/vnd.microsoft.icon")
    assert answer.data[:4] == b"\x00\x00\x01\x00"  # an icon file, not a page
    assert 'rel="icon"' in text(client.get("/sign-in"))


def test_the_account_menu_holds_the_tokens_and_sign_out(client: FlaskClient, world: World) -> None:
    sign_in(client, world.a.admin)
    page = text(client.get("/"))
    menu = page[page.index('class="account"'):page.index("</details>")]
    assert "/tokens" in menu and "Sign out" in menu
    nav = page[page.index('class="mainnav"'):page.index("</nav>")]
    assert "/tokens" not in nav
