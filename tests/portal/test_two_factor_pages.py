"""Two-factor sign-in on pages: the code asked for after the password (or a recovery code), the
enrolment page with its QR code drawn on the server, the codes shown once, turning it off with
the password, and staff sent to enrol first when the setting says so."""

import re
import time

import pyotp

from core.audit import AuditEntry
from tests.factories import PASSWORD
from tests.portal.test_pages import csrf_token, post, sign_in, text

SECRET = re.compile(r"<code data-secret>([A-Z2-7 ]+)</code>")
CODES = re.compile(r"<li><code>([0-9a-f-]{19})</code></li>")


def enrol_on_page(client) -> tuple[str, list[str]]:
    """Set two-factor sign-in up on the page: the secret shown and the recovery codes."""
    started = post(client, "/account/two-factor/enrol", {}, page="/account/two-factor")
    assert started.status_code == 302
    page = text(client.get("/account/two-factor"))
    secret = SECRET.search(page).group(1).replace(" ", "")
    confirmed = post(client, "/account/two-factor/confirm",
                     {"code": pyotp.TOTP(secret).now()}, page="/account/two-factor")
    assert confirmed.status_code == 200
    codes = CODES.findall(text(confirmed))
    assert len(codes) == 10
    return secret, codes


def _password_step(client, user):
    return post(client, "/sign-in", {"email": user.email, "password": PASSWORD},
                page="/sign-in")


def test_the_enrolment_page_draws_the_qr_code_itself(client, world):
    sign_in(client, world.a.user)
    off = text(client.get("/account/two-factor"))
    assert 'data-two-factor-status="off"' in off
    post(client, "/account/two-factor/enrol", {}, page="/account/two-factor")
    page = text(client.get("/account/two-factor"))
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "<path" in svg and "http" not in svg  # inline, nothing fetched
    assert SECRET.search(page) and 'name="code"' in page


def test_codes_are_shown_once_and_sign_in_asks_for_a_code(app, client, world):
    sign_in(client, world.a.user)
    secret, codes = enrol_on_page(client)
    again = text(client.get("/account/two-factor"))
    assert not any(code in again for code in codes) and 'data-two-factor-status="on"' in again
    browser = app.test_client()
    asked = _password_step(browser, world.a.user)
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/sign-in/code")
    assert browser.get("/").status_code == 302  # not signed in yet
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the confirmation took this step's code
    done = post(browser, "/sign-in/code", {"code": code}, page="/sign-in/code")
    assert done.status_code == 302 and browser.get("/").status_code == 200


def test_a_recovery_code_signs_in_once_and_a_wrong_code_is_refused(app, client, world):
    sign_in(client, world.a.user)
    _secret, codes = enrol_on_page(client)
    browser = app.test_client()
    _password_step(browser, world.a.user)
    wrong = post(browser, "/sign-in/code", {"code": "123456"}, page="/sign-in/code")
    assert wrong.status_code == 401 and "already used" in text(wrong)
    assert post(browser, "/sign-in/code", {"code": codes[0]},
                page="/sign-in/code").status_code == 302
    other = app.test_client()
    _password_step(other, world.a.user)
    assert post(other, "/sign-in/code", {"code": codes[0]},
                page="/sign-in/code").status_code == 401


def test_the_code_step_needs_the_password_first(client):
    answer = client.get("/sign-in/code")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/sign-in")


def test_turning_it_off_needs_the_password_and_is_audited(app, client, session, world):
    sign_in(client, world.a.admin)
    enrol_on_page(client)
    wrong = post(client, "/account/two-factor/disable", {"password": "Not-it-1"},
                 page="/account/two-factor")
    assert wrong.status_code == 422
    off = post(client, "/account/two-factor/disable", {"password": PASSWORD},
               page="/account/two-factor")
    assert off.status_code == 302
    actions = [e.action for e in session.query(AuditEntry).filter_by(entity_type="TwoFactor")]
    assert actions == ["two_factor.enrol", "two_factor.confirm", "two_factor.disable"]
    browser = app.test_client()
    assert sign_in(browser, world.a.admin).headers["Location"] == "/"  # no code asked


def test_staff_enrol_before_anything_else_when_required(app, client, world):
    app.config["TOTP_REQUIRED_FOR_STAFF"] = True
    sign_in(client, world.underwriter)
    sent = client.get("/")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/account/two-factor")
    assert client.get("/buyers").status_code == 302
    enrol_on_page(client)
    assert client.get("/").status_code == 200
    insured = app.test_client()
    sign_in(insured, world.a.user)
    assert insured.get("/").status_code == 200  # insureds choose for themselves


def test_the_pages_speak_chinese(client, world):
    sign_in(client, world.a.user)
    post(client, "/language", {"lang": "zh", "next": "/account/two-factor"})
    page = text(client.get("/account/two-factor"))
    assert "两步验证登录" in page and "设置两步验证登录" in page
    assert csrf_token(client, "/account/two-factor")


def test_hostile_codes_are_refused_not_crashed_on(app, client, world):
    sign_in(client, world.a.user)
    enrol_on_page(client)
    browser = app.test_client()
    _password_step(browser, world.a.user)
    for hostile in ("a\x00b", "a\u0001b", "x" * 20_000, "１２３４５６", "1e999999999", ""):
        answer = post(browser, "/sign-in/code", {"code": hostile}, page="/sign-in/code")
        assert answer.status_code in (401, 429), (hostile[:10], answer.status_code)
    for hostile in ("a\x00b", "x" * 20_000, "１２３４５６"):
        answer = post(client, "/account/two-factor/disable", {"password": hostile},
                      page="/account/two-factor")
        assert answer.status_code == 422
