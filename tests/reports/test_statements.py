"""The statement of loss as PDF: every figure of the stored statement read back from the
document, in English and Chinese (the CJK font embedded), through the API with its tenancy, and
a clear 409 while a claim has no statement yet."""

from __future__ import annotations

import pytest

from core.errors import InvalidTransition, NotFound
from core.tenancy import Scope, tenant_scope
from reports.statements import statement_pdf
from tests.reports.claims_documents_world import BUYER, assessed_claim, filed_claim, notified_case
from tests.reports.poppler import pdf_fonts, pdf_text
from tests.tenancy import assert_hidden

FIGURES = ("16,900.00", "1,900.00", "15,000.00", "6,596.64", "8,403.36", "100,000.00",
           "7,563.02", "1,596.64", "10,000.00", "11,900.00", "5,000.00")


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


@pytest.fixture
def claim_id(client, session, world):
    return assessed_claim(client, world, notified_case(client, session, world))


def _pdf(session, who, claim_id, lang):
    actor = who.as_actor()
    with tenant_scope(Scope.of(actor)):
        return statement_pdf(session, claim_id, actor=actor, lang=lang)


def test_the_english_statement_prints_every_figure(session, world, claim_id, tmp_path):
    pdf = _pdf(session, world.a.user, claim_id, "en")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    for expected in (BUYER, world.a.insured.name, world.a.policy.number, "Statement of loss",
                     "Insolvency of the buyer", "20 May 2026", "15 June 2026", "1 March 2026",
                     "A-1", "A-2", "2026-01-05", "2026-02-04", "90 %", "Net outstanding",
                     "Covered amount", "Deduction", "Indemnity", "Applicable credit limit",
                     "Maximum liability", "aggregate first loss",
                     "exceed the maximum credit period of 120 days",
                     "VAT of 1596.64 EUR on the amount owed is not covered", *FIGURES):
        assert expected in text, expected


def test_the_chinese_statement_embeds_a_cjk_font(session, world, claim_id, tmp_path):
    pdf = _pdf(session, world.a.user, claim_id, "zh")
    text = pdf_text(pdf, tmp_path, spaces=False)
    for expected in (BUYER, "损失计算书", "贸易信用保险公司", "理赔部", "买方破产", "净欠款",
                     "承保金额", "赔款", "账期超过保单最长信用期", "保单不承保欠款中的增值税部分",
                     "2026年5月20日", "7,563.02", "8,403.36", "6,596.64"):
        assert expected in text, expected
    assert "Payment terms of" not in text
    assert "WenQuanYi" in pdf_fonts(pdf, tmp_path)


def test_staff_read_the_statement_as_the_insured_does(session, world, claim_id, tmp_path):
    text = pdf_text(_pdf(session, world.claims_handler, claim_id, "en"), tmp_path)
    assert "7,563.02" in text and world.a.insured.name in text


def test_a_paid_claim_prints_its_payment_and_recoveries(client, session, world, claim_id,
                                                        tmp_path):
    handler = world.as_("claims_handler")
    for action, body in (("approve", None), ("pay", {"paid_on": "2026-06-15"}),
                         ("recoveries", {"amount": "1500.00", "received_on": "2026-06-15"})):
        assert client.post(f"/api/v1/claims/{claim_id}/{action}", json=body,
                           headers=handler).status_code in (200, 201)
    text = pdf_text(_pdf(session, world.a.user, claim_id, "en"), tmp_path)
    # loss share: 1,500 × 7,563.02 / 15,000 = 756.302 → 756.30; the insured keeps 743.70
    for expected in ("Paid", "15 July 2026", "Recoveries", "1,500.00", "756.30", "743.70",
                     "share of the loss"):
        assert expected in text, expected


def test_a_claim_not_assessed_has_no_statement(client, session, world):
    claim_id = filed_claim(client, world, notified_case(client, session, world))
    with pytest.raises(InvalidTransition, match="not been assessed"):
        _pdf(session, world.a.user, claim_id, "en")
    answer = client.get(f"/api/v1/claims/{claim_id}/statement.pdf", headers=world.as_("a.user"))
    assert answer.status_code == 409
    assert answer.json["error"]["code"] == "invalid_transition"
    assert "not been assessed" in answer.json["error"]["message"]


def test_another_tenants_claim_has_no_statement(session, world, claim_id):
    with pytest.raises(NotFound):
        _pdf(session, world.b.user, claim_id, "en")


@pytest.mark.parametrize(("who", "lang"), [("a.user", "en"), ("a.admin", "zh"),
                                           ("claims_handler", "zh"), ("underwriter", "en")])
def test_the_statement_endpoint_answers_a_pdf(client, world, claim_id, who, lang):
    answer = client.get(f"/api/v1/claims/{claim_id}/statement.pdf?lang={lang}",
                        headers=world.as_(who))
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF-")
    assert answer.headers["Content-Disposition"] == \
        f"inline; filename=statement-of-loss-{claim_id}-{lang}.pdf"


def test_the_statement_of_an_other_tenant_is_404(client, session, world, claim_id):
    assert_hidden(client, session, "GET", f"/api/v1/claims/{claim_id}/statement.pdf",
                  world.as_("b.admin"))


def test_statements_come_in_english_and_chinese_only(client, world, claim_id):
    answer = client.get(f"/api/v1/claims/{claim_id}/statement.pdf?lang=fr",
                        headers=world.as_("a.user"))
    assert answer.status_code == 422 and "lang" in answer.json["error"]["fields"]
