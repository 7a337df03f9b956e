"""In the browser, in English and in Chinese: an insured finds a buyer, asks for a limit, reads
the decision and downloads the letter; an underwriter decides a referred request."""

from __future__ import annotations

import itertools
from decimal import Decimal

from playwright.sync_api import expect

from core.tenancy import Scope, tenant_scope
from tests.browser.conftest import Site, Visitor
from tests.limits_world import graded_buyer
from underwriting.limits.models import LimitRequest, RequestStatus
from underwriting.limits.requests import request_limit

_names = itertools.count(1)


def _buyer(site: Site, name: str) -> int:
    with site.session() as session:
        return graded_buyer(session, name=f"{name} {next(_names)} GmbH").id


def test_an_insured_asks_for_a_limit_and_downloads_the_letter(visitor_factory, site):
    insured: Visitor = visitor_factory("insured-limit")
    buyer_id = _buyer(site, "Lübecker Werkzeugbau")
    page = insured.page
    insured.sign_in(site.world.a.user.email)
    insured.shot("home")

    insured.open("/buyers")
    page.locator('input[name="q"]').fill("lubecker werkzeug")
    page.locator("form.search button[type=submit]").click()
    page.locator(f'a[href="/buyers/{buyer_id}"]').click()
    insured.shot("buyer")

    page.locator(f'a[href="/limits/request?buyer_id={buyer_id}"]').first.click()
    page.locator('input[name="amount"]').fill("150000.00")
    page.locator('input[name="payment_terms_days"]').fill("60")
    insured.shot("request")
    page.locator('form[data-sizing] button.primary').click()
    expect(page).to_have_url(f"{site.url}/limits/requests/{_latest(site, buyer_id).id}")
    expect(page.locator(".badge.approved, .approved").first).to_be_visible()
    insured.shot("decision")

    links = page.locator('a[href*="/letter.pdf"]')  # the limit's letter, the request's answer
    assert links.count() == 2
    for link in links.all():
        assert f"lang={insured.lang}" in (link.get_attribute("href") or "")
        letter = insured.download(link)
        assert letter.startswith(b"%PDF") and len(letter) > 5_000


def test_an_underwriter_decides_a_referred_request(visitor_factory, site):
    underwriter: Visitor = visitor_factory("underwriter-referral")
    buyer_id = _buyer(site, "Kieler Reederei Bedarf")
    with site.session() as session, tenant_scope(Scope.everyone()):
        referred = request_limit(
            session, actor=site.world.a.user.as_actor(), policy_id=site.world.a.policy.id,
            buyer_id=buyer_id, amount=Decimal("90000.00"), payment_terms_days=90,
            comment="New customer, first order in May.")
        session.commit()
        assert referred.status is RequestStatus.REFERRED
        request_id = referred.id
    page = underwriter.page
    underwriter.sign_in(site.world.underwriter.email)
    underwriter.open("/underwriting/queue")
    underwriter.shot("queue")
    page.locator(f'a[href="/underwriting/requests/{request_id}"]').first.click()
    underwriter.shot("referral")

    page.locator('input[name="outcome"][value="partial"]').check()
    page.locator('input[name="amount"]').fill("60000.00")
    page.locator('input[name="conditions.max_payment_terms_days"]').fill("60")
    page.locator('input[name="reason_codes"]').first.check()
    underwriter.shot("decision-form")
    page.locator("form.decision button.primary").click()
    page.wait_for_load_state()
    underwriter.shot("decided")

    with site.session() as session, tenant_scope(Scope.everyone()):
        decided = session.get(LimitRequest, request_id)
        assert decided is not None and decided.status is RequestStatus.PARTIAL
        assert decided.decided_amount == Decimal("60000.00")
        assert decided.conditions == {"max_payment_terms_days": 60}


def _latest(site: Site, buyer_id: int) -> LimitRequest:
    from sqlalchemy import select
    with site.session() as session, tenant_scope(Scope.everyone()):
        found = session.scalars(select(LimitRequest).where(LimitRequest.buyer_id == buyer_id)
                                .order_by(LimitRequest.id.desc())).first()
        assert found is not None
        return found
