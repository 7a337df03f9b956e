"""The statement of loss says why each invoice line covers what it does and, where the limit
binds across invoices, which invoices it covered and why the others got nothing: on the claim
page and in the PDF, in English and Chinese. No figure moves.

Limit 10,000 EUR (insurer's, 90 %). X 8,000 delivered 5 Jan, Y 6,000 on 10 Jan, Z 3,000 on
15 Jan, all due 30 days later, notified 1 Mar; the buyer insolvent on 20 May. In delivery
order: X 8,000 in full; Y the 2,000 left; Z nothing. Covered 10,000; indemnity 9,000.00."""

from __future__ import annotations

import pytest

from tests.claims.claims_world import covered_buyer, insolvent, inv, notify_through_api
from tests.portal.test_limit_pages import switch_to_chinese
from tests.portal.test_pages import sign_in, text
from tests.reports.poppler import pdf_text

TODAY = "2026-06-15"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


@pytest.fixture
def claim_id(client, session, world):
    buyer = covered_buyer(session, world.a, amount="10000")
    case_id = notify_through_api(client, world, buyer, *(inv(n, d, a, terms=30) for n, d, a in (
        ("X", "2026-01-05", "8000"), ("Y", "2026-01-10", "6000"), ("Z", "2026-01-15", "3000"))))
    insolvent(session, buyer, "2026-05-20")
    made = client.post("/api/v1/claims", json={"case_id": case_id, "cause": "insolvency"},
                       headers=world.as_("a.user")).json["id"]
    done = client.post(f"/api/v1/claims/{made}/assess", headers=world.as_("claims_handler"))
    lines = {line["number"]: line["covered_amount"] for line in done.json["statement"]["invoices"]}
    assert (lines, done.json["indemnity"]) == ({"X": "8000.00", "Y": "2000.00", "Z": "0.00"},
                                               "9000.00")
    return made


def test_the_claim_page_explains_every_line_and_where_the_limit_binds(client, world, claim_id):
    sign_in(client, world.a.user)
    page = text(client.get(f"/claims/{claim_id}")).replace("&#39;", "'")
    for said in (
        "The limit binds: of the net outstanding of 17,000.00 EUR, 10,000.00 EUR is covered",
        "Covered: X, Y.", "Covered in part, where the limit ran out: Y.",
        "Nothing covered on Z: the limit in force on their delivery dates had been used up",
        "Covered in full: 8,000.00 EUR is within the limit of 10,000.00 EUR in force on its "
        "delivery date.",
        "Covered 2,000.00 EUR of 6,000.00 EUR: the room left under the limit of 10,000.00 EUR",
        "after 8,000.00 EUR covered on the invoices delivered before it (X)",
        "Nothing covered although 3,000.00 EUR is owed: the limit of 10,000.00 EUR in force on "
        "its delivery date was used up by the invoices delivered before it (X, Y), covered "
        "for 10,000.00 EUR."):
        assert said in page, said
    assert 'class="table-wrap"' in page
    switch_to_chinese(client)
    chinese = text(client.get(f"/claims/{claim_id}"))
    assert "未获承保的发票 Z：其交货日有效的限额已被此前交货的发票用尽。" in chinese
    assert "虽欠 3,000.00 EUR，但未获承保" in chinese


def test_the_pdf_says_the_same(client, world, claim_id, tmp_path):
    english = client.get(f"/api/v1/claims/{claim_id}/statement.pdf?lang=en",
                         headers=world.as_("a.user"))
    said = pdf_text(english.data, tmp_path)
    assert "Nothing covered on Z: the limit in force on their delivery dates had been used" \
        in said
    assert "Nothing covered although 3,000.00 EUR is owed" in said
    assert "Covered in full: 8,000.00 EUR" in said
    chinese = client.get(f"/api/v1/claims/{claim_id}/statement.pdf?lang=zh",
                         headers=world.as_("a.user"))
    assert "未获承保的发票Z：其交货日有效的限额已被此前交货的发票用尽。" in pdf_text(
        chinese.data, tmp_path, spaces=False)
