"""In the browser, in English and in Chinese: on a claim of 36,000.00, the insured attaches the
invoice PDF and writes to the claims desk; the handler who assesses it reads both, answers, and
is told a second handler approves; the second handler approves. The statement of loss fits its
card at 1280 px."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from claims.models import Claim
from claims.states import ClaimStatus
from core.actor import Role
from core.tenancy import Scope, tenant_scope
from tests.browser.conftest import Site, Visitor
from tests.browser.test_claim_journeys import filed_claim
from tests.endpoint_objects import PDF
from tests.factories import make_user


def test_documents_messages_and_a_second_pair_of_eyes(visitor_factory, site, tmp_path):
    claim_id = filed_claim(site, "Hanseatische Bau {n} GmbH", "HB-40", "40000.00", "100000")
    here = f"/claims/{claim_id}"
    invoice = tmp_path / "invoice-HB-40.pdf"
    invoice.write_bytes(PDF)

    insured: Visitor = visitor_factory("desk-insured")
    insured.sign_in(site.world.a.user.email)
    insured.open(here)
    insured.page.locator('input[name="file"]').set_input_files(str(invoice))
    insured.page.locator('form.upload button[type="submit"]').click()
    expect(insured.page).to_have_url(re.compile(rf"{here}#documents$"))
    expect(insured.page.locator("table.documents")).to_contain_text("PDF")
    _write(insured, "Invoice HB-40 attached; the administrator confirmed the debt.")
    insured.shot("attached-and-written")

    first: Visitor = visitor_factory("desk-first-handler")
    first.page.on("dialog", lambda dialog: dialog.accept())
    first.sign_in(site.world.claims_handler.email)
    first.open(here)
    expect(first.page.locator("ol.messages")).to_contain_text("administrator confirmed")
    link = first.page.locator('table.documents a[href^="/documents/"]').first
    assert first.download(link) == PDF
    first.page.locator(f'form[action="{here}/assess"] button').click()
    first.page.wait_for_load_state()
    expect(first.page.locator("body")).to_contain_text("36,000.00")
    expect(first.page.locator("p.four-eyes")).to_be_visible()
    assert first.page.locator(f'form[action="{here}/approve"]').count() == 0
    fits = first.page.evaluate("""() => {
        const card = document.querySelector('section.card.statement');
        return card.scrollWidth <= card.clientWidth && window.innerWidth === 1280; }""")
    assert fits, "the statement of loss spills out of its card at 1280 px"
    _write(first, "Received, thank you. A colleague approves claims of this size.")
    first.shot("assessed")

    second: Visitor = visitor_factory("desk-second-handler")
    second.page.on("dialog", lambda dialog: dialog.accept())
    second.sign_in(_second_handler(site))
    second.open(here)
    second.page.locator(f'form[action="{here}/approve"] button').click()
    second.page.wait_for_load_state()
    second.shot("approved")

    insured.open(here)
    expect(insured.page.locator("ol.messages li")).to_have_count(2)
    expect(insured.page.locator("ol.messages")).to_contain_text("A colleague approves")
    with site.session() as session, tenant_scope(Scope.everyone()):
        claim = session.get(Claim, claim_id)
        assert claim is not None and claim.status is ClaimStatus.APPROVED
        assert claim.assessed_by == site.world.claims_handler.id
        assert claim.approved_by not in (None, claim.assessed_by)


def _write(visitor: Visitor, body: str) -> None:
    visitor.page.locator('textarea[name="body"]').fill(body)
    visitor.page.locator('section#messages button[type="submit"]').click()
    expect(visitor.page.locator("ol.messages")).to_contain_text(body)


def _second_handler(site: Site) -> str:
    with site.session() as session:
        user = make_user(session, Role.CLAIMS_HANDLER)
        session.commit()
        return user.email
