"""In the browser, in English and in Chinese: a user sets up two-factor sign-in (scans the QR
code drawn on the page, or types the key), keeps the recovery codes, signs out, and signs in
again with the password and then a code from the app."""

from __future__ import annotations

import time

import pyotp
from playwright.sync_api import expect

from core.accounts.models import Insured
from core.actor import Role
from core.tenancy import Scope, tenant_scope
from tests.browser.conftest import Site, Visitor
from tests.factories import PASSWORD, make_user

HEADING = {"en": "Two-factor sign-in", "zh": "两步验证登录"}
ASKED = {"en": "Enter the 6-digit code", "zh": "6 位验证码"}


def _new_user(site: Site) -> str:
    """A user of their own for each language: the journey leaves two-factor sign-in on."""
    with site.session() as session, tenant_scope(Scope.everyone()):
        insured = session.get(Insured, site.world.a.insured.id)
        email = make_user(session, Role.INSURED_USER, insured).email
        session.commit()
    return email


def test_a_user_sets_up_two_factor_sign_in_and_signs_in_with_a_code(visitor_factory, site):
    visitor: Visitor = visitor_factory("two-factor")
    page = visitor.page
    email = _new_user(site)
    visitor.sign_in(email)
    page.locator("summary.who").click()
    page.locator('a[href="/account/two-factor"]').click()
    expect(page.locator("h1")).to_have_text(HEADING[visitor.lang])
    visitor.shot("off")
    page.locator('form[action="/account/two-factor/enrol"] button').click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    visitor.shot("scan")

    secret = (page.locator("code[data-secret]").text_content() or "").replace(" ", "")
    page.locator('input[name="code"]').fill(pyotp.TOTP(secret).now())
    page.locator('form[action="/account/two-factor/confirm"] button').click()
    codes = page.locator("[data-recovery-codes] code")
    expect(codes).to_have_count(10)
    visitor.shot("recovery-codes")

    page.locator("summary.who").click()
    page.locator('form[action="/sign-out"] button').click()
    page.wait_for_load_state()
    if visitor.lang == "zh":
        page.locator('button[name="lang"][value="zh"]').click()
        page.wait_for_load_state()
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form[action="/sign-in"] button[type="submit"]').click()
    expect(page).to_have_url(f"{site.url}/sign-in/code")
    expect(page.locator("main")).to_contain_text(ASKED[visitor.lang])
    visitor.shot("code-asked")

    page.locator('input[name="code"]').fill("000000")
    page.locator('form[action="/sign-in/code"] button').click()
    expect(page.locator(".flash.error")).to_be_visible()
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the confirmation took this step's code
    page.locator('input[name="code"]').fill(code)
    page.locator('form[action="/sign-in/code"] button').click()
    expect(page).to_have_url(f"{site.url}/")
    expect(page.locator("summary.who")).to_contain_text(email)
    visitor.shot("signed-in")
