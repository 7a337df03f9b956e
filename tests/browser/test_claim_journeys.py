"""In the browser, in English and in Chinese: an insured reports an overdue with two invoice
lines and gets the acknowledgement; a claims handler assesses an insolvency claim, reads the
statement of loss, approves it, pays it and gets the statement as PDF."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from playwright.sync_api import Page, expect

from claims.filing import file_claim
from claims.indemnity import LossCause
from claims.models import Claim, CollectionCase
from claims.states import ClaimStatus
from core.tenancy import Scope, tenant_scope
from tests.browser.conftest import TODAY, Site, Visitor
from tests.claims.claims_world import covered_buyer, insolvent, inv, notify, on_day

_names = itertools.count(1)


def test_an_insured_reports_an_overdue_and_gets_the_acknowledgement(visitor_factory, site):
    insured: Visitor = visitor_factory("insured-overdue")
    with site.session() as session:
        buyer_id = covered_buyer(session, site.world.a, amount="50000",
                                 name=f"Rostocker Kühlhaus {next(_names)} GmbH").id
    page = insured.page
    insured.sign_in(site.world.a.user.email)
    insured.open(f"/overdue/report?buyer_id={buyer_id}")
    _line(page, 0, "RK-2026-014", "2026-01-05", "2026-01-05", "2026-02-04", "4200.00")
    page.locator('button[name="add_line"]').click()
    _line(page, 1, "RK-2026-022", "2026-01-12", "2026-01-12", "2026-02-11", "1800.50")
    insured.shot("report")
    page.locator('form[enctype="multipart/form-data"] button.primary').first.click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    case_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("body")).to_contain_text("RK-2026-022")
    insured.shot("case")

    with site.session() as session, tenant_scope(Scope.everyone()):
        case = session.get(CollectionCase, case_id)
        assert case is not None and case.buyer_id == buyer_id
        assert sorted(i.amount for i in case.invoices) == [Decimal("1800.50"), Decimal("4200.00")]
    link = page.locator('a[href*="/acknowledgement.pdf"]').first
    assert f"lang={insured.lang}" in (link.get_attribute("href") or "")
    acknowledgement = insured.download(link)
    assert acknowledgement.startswith(b"%PDF") and len(acknowledgement) > 5_000


def test_a_claims_handler_assesses_approves_and_pays_a_claim(visitor_factory, site):
    handler: Visitor = visitor_factory("handler-claim")
    claim_id = filed_claim(site)
    page = handler.page
    page.on("dialog", lambda dialog: dialog.accept())  # the approval asks for confirmation
    handler.sign_in(site.world.claims_handler.email)
    handler.open("/claims/queue")
    handler.shot("queue")
    page.locator(f'a[href="/claims/{claim_id}"]').first.click()
    page.locator(f'form[action="/claims/{claim_id}/assess"] button').click()
    page.wait_for_load_state()
    # 9,000.00 owed, limit 50,000: covered 9,000.00 × 90 % = 8,100.00
    expect(page.locator("body")).to_contain_text("8,100.00")
    handler.shot("assessed")
    page.locator(f'form[action="/claims/{claim_id}/approve"] button').click()
    page.wait_for_load_state()
    handler.shot("approved")
    page.locator(f'form[action="/claims/{claim_id}/pay"] button').click()
    page.wait_for_load_state()
    handler.shot("paid")

    with site.session() as session, tenant_scope(Scope.everyone()):
        claim = session.get(Claim, claim_id)
        assert claim is not None and claim.status is ClaimStatus.PAID
        assert claim.paid_amount == Decimal("8100.00")
    statement = handler.download(page.locator('a[href*="/statement.pdf"]').first)
    assert statement.startswith(b"%PDF") and len(statement) > 5_000


def _line(page: Page, n: int, number: str, issued: str, delivered: str, due: str,
          amount: str) -> None:
    for field, value in (("number", number), ("invoice_date", issued),
                         ("delivery_date", delivered), ("due_date", due), ("amount", amount)):
        page.locator(f'input[name="invoices.{n}.{field}"]').fill(value)


def filed_claim(site: Site, buyer: str = "Stralsunder Werft {n} AG", invoice: str = "SW-7",
                owed: str = "9000.00", limit: str = "50000") -> int:
    """An insured's claim on an insolvent buyer (`owed` on one invoice, notified 20 Feb,
    insolvent 25 Feb), filed today and waiting for a handler."""
    tenant = site.world.a
    with site.session() as session:
        held = covered_buyer(session, tenant, amount=limit, name=buyer.format(n=next(_names)))
        case = notify(session, tenant, held, inv(invoice, "2026-01-02", owed, terms=30),
                      on="2026-02-20").case
        insolvent(session, held, "2026-02-25")
        with on_day(TODAY), tenant_scope(Scope.insured(tenant.insured.id)):
            claim = file_claim(session, actor=tenant.user.as_actor(), case_id=case.id,
                               cause=LossCause.INSOLVENCY)
            session.commit()
        return claim.id
