"""In the browser, in English and in Chinese: a broker signs in, sees its clients, chooses the
one it acts for, requests a limit for it and downloads the letter; the audit trail records the
broker's user, on behalf of the insured."""

from __future__ import annotations

import itertools

from playwright.sync_api import expect
from sqlalchemy import select

from core.actor import Permission
from core.audit import AuditEntry
from core.tenancy import Scope, tenant_scope
from tests.browser.conftest import Visitor
from tests.browser.test_limit_journeys import _latest
from tests.factories import appoint, make_insured, make_policy
from tests.limits_world import graded_buyer

_names = itertools.count(1)


def test_a_broker_requests_a_limit_for_a_client_and_downloads_the_letter(visitor_factory, site):
    broker: Visitor = visitor_factory("broker-limit")
    with site.session() as session:
        buyer_id = graded_buyer(session, name=f"Rostocker Hafenlogistik {next(_names)} AG").id
        other = make_insured(session, f"Clyde Valley Textiles {next(_names)} Ltd", "GB")
        make_policy(session, other)
        appoint(session, site.world.broker, other, (Permission.READ,))
        session.commit()
    page = broker.page
    broker.sign_in(site.world.broker_user.email)
    expect(page.locator("table.grid")).to_contain_text(site.world.a.insured.name)
    expect(page.locator("table.grid")).to_contain_text(other.name)
    broker.shot("clients")

    page.locator("tr", has_text=site.world.a.insured.name).locator(
        'button[name="insured_id"]').click()
    expect(page.locator("select[name=insured_id]")).to_have_value(str(site.world.a.insured.id))
    broker.shot("acting-for-client")

    broker.open(f"/buyers/{buyer_id}")
    page.locator(f'a[href="/limits/request?buyer_id={buyer_id}"]').first.click()
    page.locator('input[name="amount"]').fill("80000.00")
    page.locator('input[name="payment_terms_days"]').fill("60")
    broker.shot("request")
    page.locator('form[data-sizing] button.primary').click()
    made = _latest(site, buyer_id)
    expect(page).to_have_url(f"{site.url}/limits/requests/{made.id}")
    broker.shot("decision")

    links = page.locator('a[href*="/letter.pdf"]')
    assert links.count() >= 1
    letter = broker.download(links.first)
    assert letter.startswith(b"%PDF") and len(letter) > 5_000

    with site.session() as session, tenant_scope(Scope.everyone()):
        entry = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "limit_request.create", AuditEntry.entity_id == made.id)).one()
        assert entry.actor_user_id == site.world.broker_user.id
        assert entry.on_behalf_of == site.world.a.insured.id == made.insured_id

