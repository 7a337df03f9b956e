"""In the browser, in English and in Chinese: an insured opens its receivables from the home
page, uploads its ledger, sees a buyer's notification deadline coming, and turns that buyer's
overdue lines into an overdue notification: the report opens prefilled, is previewed, then
reported."""

from __future__ import annotations

import itertools
import re

from playwright.sync_api import expect

from claims.models import CollectionCase
from core.tenancy import Scope, tenant_scope
from tests.browser.conftest import Visitor
from tests.claims.claims_world import covered_buyer
from tests.claims.receivables_world import HEADER

_names = itertools.count(1)


def test_an_insured_uploads_its_ledger_and_reports_the_overdue_lines(visitor_factory, site):
    insured: Visitor = visitor_factory("insured-receivables")
    n = next(_names)
    with site.session() as session:
        buyer = covered_buyer(session, site.world.a, amount="10000",
                              name=f"Hanseatische Mühle {n} GmbH")
        buyer_id, registration = buyer.id, buyer.registration_number
    # L-3 due 15 Dec: MEP expired 13 Feb, notify by 15 Mar (13 days on 2 March); L-2 21 days
    # late; L-1 not due yet
    ledger = (HEADER
              + f"DE,{registration},L{n}-1,2026-02-20,2026-02-20,2026-03-22,4000.00,\n"
              + f"DE,{registration},L{n}-2,2026-01-10,2026-01-10,2026-02-09,3000.00,\n"
              + f"DE,{registration},L{n}-3,2025-11-15,2025-11-15,2025-12-15,2500.00,\n").encode()
    page = insured.page
    insured.sign_in(site.world.a.user.email)
    receivables = f"/policies/{site.world.a.policy.id}/receivables"
    page.locator(f'a[href="{receivables}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(receivables) + "$"))
    page.locator('input[name="file"]').set_input_files(
        files=[{"name": "ledger.csv", "mimeType": "text/csv", "buffer": ledger}])
    page.locator('form[enctype="multipart/form-data"] button.primary').click()
    page.wait_for_load_state()
    row = page.locator(f'tr[data-buyer="{buyer_id}"]')
    expect(row).to_contain_text("9,500.00")
    warning = row.locator('[data-kind="notification_deadline"]')
    expect(warning).to_contain_text(f"L{n}-3")
    expect(warning).to_contain_text("2026-03-15")
    insured.shot("ledger")

    row.locator('a[href*="/overdue/report"]').click()
    page.wait_for_load_state()
    expect(page.locator('input[name="invoices.0.number"]')).to_have_value(f"L{n}-3")
    expect(page.locator('input[name="invoices.1.number"]')).to_have_value(f"L{n}-2")
    insured.shot("prefilled")
    page.locator('button[name="preview"]').first.click()
    page.wait_for_load_state()
    expect(page.locator("#preview")).to_contain_text(f"L{n}-2")
    insured.shot("preview")
    page.locator('form[enctype="multipart/form-data"] button.primary').first.click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    case_id = int(page.url.rsplit("/", 1)[1])
    insured.shot("case")

    with site.session() as session, tenant_scope(Scope.everyone()):
        case = session.get(CollectionCase, case_id)
        assert case is not None and case.buyer_id == buyer_id
        assert sorted(i.number for i in case.invoices) == [f"L{n}-2", f"L{n}-3"]


