"""The overdue acknowledgement as PDF: what was notified, each invoice's issues, the case,
its ladder and deadlines, read back from the document in English and Chinese, through the API
with its tenancy."""

from __future__ import annotations

import pytest

from core.errors import NotFound
from core.tenancy import Scope, tenant_scope
from reports.acknowledgements import acknowledgement_pdf
from tests.reports.claims_documents_world import BUYER, notified_case
from tests.reports.poppler import pdf_fonts, pdf_text
from tests.tenancy import assert_hidden


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-10")


@pytest.fixture
def case_id(client, session, world):
    return notified_case(client, session, world)


def _pdf(session, who, case_id, lang):
    actor = who.as_actor()
    with tenant_scope(Scope.of(actor)):
        return acknowledgement_pdf(session, case_id, actor=actor, lang=lang)


def test_the_english_acknowledgement(session, world, case_id, tmp_path):
    pdf = _pdf(session, world.a.user, case_id, "en")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    # A-1 due 4 Feb: MEP expiry 5 Apr, notify by 5 May; A-2 due 9 Jun: notify by 7 Sep.
    # Oldest unpaid due date 4 Feb + 180 days: date of loss 3 Aug; file by 30 Jan 2027.
    for expected in ("Acknowledgement of overdue notification", BUYER, world.a.insured.name,
                     world.a.policy.number, f"Collection case {case_id} was opened on 1 March "
                     "2026", "Notified on 1 March 2026", "A-1", "A-2", "11,900.00", "1,900.00",
                     "5,000.00", "16,900.00", "2026-05-05", "2026-09-07",
                     "exceed the maximum credit period of 120 days", "No issue found.",
                     "Notify invoice A-1", "File a claim", "30 January 2027", "met",
                     "If the buyer still owes on 3 August 2026",
                     "reminder from 8 March 2026", "legal action from 15 April 2026"):
        assert expected in text, expected


def test_the_chinese_acknowledgement_embeds_a_cjk_font(session, world, case_id, tmp_path):
    pdf = _pdf(session, world.a.user, case_id, "zh")
    text = pdf_text(pdf, tmp_path, spaces=False)
    for expected in (BUYER, "逾期通知确认书", "理赔部", "账期超过保单最长信用期。", "未发现问题。",
                     "通知发票A-1", "提交索赔", "2026年8月3日", "催款提醒", "16,900.00"):
        assert expected in text, expected
    assert "exceed the maximum" not in text
    assert "WenQuanYi" in pdf_fonts(pdf, tmp_path)


def test_another_tenants_case_has_no_acknowledgement(session, world, case_id):
    with pytest.raises(NotFound):
        _pdf(session, world.b.user, case_id, "en")


@pytest.mark.parametrize(("who", "lang"), [("a.user", "en"), ("a.admin", "zh"),
                                           ("claims_handler", "en")])
def test_the_acknowledgement_endpoint_answers_a_pdf(client, world, case_id, who, lang):
    answer = client.get(f"/api/v1/collection-cases/{case_id}/acknowledgement.pdf?lang={lang}",
                        headers=world.as_(who))
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf" and answer.data.startswith(b"%PDF-")
    assert answer.headers["Content-Disposition"] == \
        f"inline; filename=overdue-acknowledgement-{case_id}-{lang}.pdf"


def test_the_acknowledgement_of_an_other_tenant_is_404(client, session, world, case_id):
    assert_hidden(client, session, "GET",
                  f"/api/v1/collection-cases/{case_id}/acknowledgement.pdf",
                  world.as_("b.admin"))


def test_the_page_link_gives_the_same_document(client, world, case_id, tmp_path):
    from tests.portal.test_pages import sign_in

    sign_in(client, world.a.user)
    answer = client.get(f"/cases/{case_id}/acknowledgement.pdf?lang=en")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert "A-1" in pdf_text(answer.data, tmp_path)
