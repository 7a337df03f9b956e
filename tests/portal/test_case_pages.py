"""Overdue and collection pages as a browser uses them (CSRF on): the insured reports an
overdue with typed lines or a CSV file, follows the case with its pre-check and deadlines, and
records payments, credit notes and disputes; another tenant's case answers 404."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from claims.models import CaseSettlement, CollectionCase
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import covered_buyer, insolvent
from tests.factories import audit_count
from tests.portal.test_limit_pages import switch_to_chinese
from tests.portal.test_pages import csrf_token, post, sign_in, text

REPORT = "/overdue/report"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-01")


def line(n, number, issued, due, amount, vat=""):
    return {f"invoices.{n}.number": number, f"invoices.{n}.invoice_date": issued,
            f"invoices.{n}.delivery_date": issued, f"invoices.{n}.due_date": due,
            f"invoices.{n}.amount": amount, f"invoices.{n}.vat_amount": vat}


def report(client, world, buyer, *lines, **fields):
    form = {"policy_id": str(world.a.policy.id), "buyer_id": str(buyer.id), **fields}
    for one in lines:
        form.update(one)
    return post(client, REPORT, form, page=REPORT)


def case_of(session, buyer):
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return session.scalar(select(CollectionCase).where(CollectionCase.buyer_id == buyer.id))


def test_the_insured_reports_an_overdue_and_collects(client, session, world, monkeypatch):
    buyer = covered_buyer(session, world.a, name="Rheinland Werkzeuge GmbH")
    sign_in(client, world.a.user)
    opened = client.get(f"{REPORT}?buyer_id={buyer.id}")
    assert opened.status_code == 200
    form = text(opened)
    assert buyer.name in form and world.a.policy.number in form
    assert form.count('name="invoices.') == 3 * 6  # three blank lines of six fields
    added = report(client, world, buyer, line(0, "R-1", "2026-01-05", "2026-02-04", "1,000"),
                   add_line="1")
    assert added.status_code == 200 and 'value="R-1"' in text(added)
    assert text(added).count('name="invoices.') == 4 * 6

    before = audit_count(session)
    bad = report(client, world, buyer, line(0, "R-1", "2026-01-05", "2026-01-01", "-5"))
    assert bad.status_code == 422
    assert "Cannot be before the invoice date." in text(bad) or "Must" in text(bad)
    assert audit_count(session) == before and case_of(session, buyer) is None

    made = report(client, world, buyer,
                  line(0, "R-1", "2026-01-05", "2026-02-04", "11,900.00", "1900.00"),
                  line(1, "", "", "", ""),
                  line(2, "R-2", "2026-01-10", "2026-06-09", "5000"))
    assert made.status_code == 302, text(made)
    case = case_of(session, buyer)
    assert made.headers["Location"] == f"/cases/{case.id}"
    page = text(client.get(made.headers["Location"]))
    for expected in ("Overdue notified", buyer.name, "R-1", "R-2", "16,900.00 EUR",
                     "exceed the maximum credit period of 120 days",
                     "If the claim were assessed today", "What makes it smaller than the debt",
                     "VAT, which the policy does not cover.", "Notify the overdue",
                     "File the claim", "Record a payment", "Record a credit note",
                     "Record a dispute", f"/cases/{case.id}/acknowledgement.pdf?lang=en"):
        assert expected in page, expected

    monkeypatch.setenv("TCI_TODAY", "2026-03-10")
    here = f"/cases/{case.id}"
    paid = post(client, f"{here}/payments", {"amount": "1,900.00", "received_on": "2026-03-10",
                                             "reference": "BANK-77"}, page=here)
    assert paid.status_code == 302
    after = text(client.get(here))
    assert "Payment recorded" in after and "BANK-77" in after and "15,000.00 EUR" in after
    too_much = post(client, f"{here}/payments", {"amount": "99999", "received_on": "2026-03-10"},
                    page=here)
    assert too_much.status_code == 422 and "More than the buyer owes on this case." in \
        text(too_much) and "At most 15000.00" in text(too_much)
    credited = post(client, f"{here}/credit-notes", {"number": "CN-1", "amount": "500",
                                                     "issued_on": "2026-03-10"}, page=here)
    assert credited.status_code == 302 and "CN-1" in text(client.get(here))
    disputed = post(client, f"{here}/disputes", {"invoice_number": "R-2", "amount": "1000",
                                                 "reason": "Goods damaged"}, page=here)
    assert disputed.status_code == 302
    shown = text(client.get(here))
    assert "Goods damaged" in shown and "1,000.00 EUR" in shown and "Resolve" in shown
    with tenant_scope(Scope.everyone()):
        dispute_id = case_of(session, buyer).disputes[0].id
    resolved = post(client, f"{here}/disputes/{dispute_id}/resolve", {"outcome": "not_owed"},
                    page=here)
    assert resolved.status_code == 302
    assert "Not owed: the buyer was right" in text(client.get(here))
    listed = text(client.get("/cases"))
    assert buyer.name in listed and "13,500.00 EUR" in listed  # 16,900 − 1,900 − 500 − 1,000


def test_a_csv_file_reports_the_lines_or_names_each_bad_one(client, session, world):
    buyer = covered_buyer(session, world.a)
    sign_in(client, world.a.user)
    header = "number,invoice_date,delivery_date,due_date,amount,vat_amount\n"
    bad = header + ("C-1,2026-01-05,2026-01-05,2026-02-04,1000.00,\n"
                    "C-2,2026-01-06,2026-01-06,2026-01-01,abc,\n")

    def upload(content, name="invoices.csv"):
        return client.post(REPORT, data={
            "csrf_token": csrf_token(client, REPORT), "policy_id": str(world.a.policy.id),
            "buyer_id": str(buyer.id),
            "csv_file": (io.BytesIO(content.encode()), name)}, content_type="multipart/form-data")

    refused = upload(bad)
    assert refused.status_code == 422
    assert "Line 3, amount:" in text(refused) and "Enter an amount" in text(refused)
    assert case_of(session, buyer) is None
    missing = upload("number,amount\nC-1,5\n")
    assert missing.status_code == 422
    assert "The file lacks the columns: invoice_date, delivery_date, due_date." in text(missing)
    good = header + ("C-1,2026-01-05,2026-01-05,2026-02-04,1000.00,\n"
                     "C-2,2026-01-06,2026-01-06,2026-02-05,\"2,500.00\",400.00\n")
    made = upload(good)
    assert made.status_code == 302, text(made)
    case = case_of(session, buyer)
    assert sorted(i.number for i in case.invoices) == ["C-1", "C-2"]
    assert sum(i.amount for i in case.invoices) == 3500


def test_a_claim_is_filed_from_the_case_page(client, session, world, monkeypatch):
    buyer = covered_buyer(session, world.a)
    sign_in(client, world.a.user)
    made = report(client, world, buyer, line(0, "F-1", "2026-01-05", "2026-02-04", "20000"))
    here = made.headers["Location"]
    too_early = post(client, f"{here.replace('/cases/', '/cases/')}/claim",
                     {"cause": "insolvency"}, page=here)
    assert too_early.status_code == 422
    assert "No insolvency of this buyer is on record." in text(too_early)
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")
    insolvent(session, buyer, "2026-05-20")
    filed = post(client, f"{here}/claim", {"cause": "insolvency"}, page=here)
    assert filed.status_code == 302
    claim_page = text(client.get(filed.headers["Location"]))
    assert "Claim filed" in claim_page and "Not assessed yet" in claim_page
    assert "Filed, to assess" in claim_page and "2026-05-20" in claim_page
    assert "File a claim" not in text(client.get(here))


def test_case_pages_render_in_chinese(client, session, world):
    buyer = covered_buyer(session, world.a)
    sign_in(client, world.a.user)
    here = report(client, world, buyer,
                  line(0, "Z-1", "2026-01-05", "2026-02-04", "1000", "100"),
                  line(1, "Z-2", "2026-01-05", "2026-06-04", "1000")).headers["Location"]
    switch_to_chinese(client)
    pages = {
        REPORT: ["报告逾期", "未付发票", "上传"],
        "/cases": ["催收案件", "仍欠金额"],
        here: ["如果今天理算索赔", "账期超过保单最长信用期。", "登记付款", "时间线", "期限"],
    }
    for page, words in pages.items():
        shown = text(client.get(page))
        assert '<html lang="zh-Hans">' in shown
        for word in words:
            assert word in shown, (page, word)
        assert "exceed the maximum credit period" not in shown


@pytest.mark.parametrize("who", ["claims_handler", "underwriter", "insurer_admin"])
def test_staff_read_every_case_and_only_handlers_collect(client, session, world, who):
    buyer = covered_buyer(session, world.a)
    sign_in(client, world.a.user)
    here = report(client, world, buyer,
                  line(0, "S-1", "2026-01-05", "2026-02-04", "1000")).headers["Location"]
    sign_in(client, getattr(world, who))
    assert client.get(REPORT).status_code == 403
    listed = text(client.get("/cases"))
    assert world.a.insured.name in listed and buyer.name in listed
    page = text(client.get(here))
    assert buyer.name in page and ("Record a payment" in page) == (who == "claims_handler")
    assert "Record a credit note" not in page
    paid = post(client, f"{here}/payments", {"amount": "100", "received_on": "2026-03-01"},
                page=here)
    assert paid.status_code == (302 if who == "claims_handler" else 403)


def test_forms_without_a_csrf_token_are_refused(client, session, world):
    buyer = covered_buyer(session, world.a)
    sign_in(client, world.a.user)
    here = report(client, world, buyer,
                  line(0, "T-1", "2026-01-05", "2026-02-04", "1000")).headers["Location"]
    answer = client.post(f"{here}/payments", data={"amount": "100",
                                                   "received_on": "2026-03-01"})
    assert answer.status_code == 400
    with tenant_scope(Scope.everyone()):
        assert session.scalar(select(CaseSettlement)) is None
