"""Claim pages as a browser uses them (CSRF on): the claims handler's work queue by deadline,
the assessment with the statement of loss line by line, approval, rejection with a reason,
payment and a recovery with its split; the insured follows the claim and its PDF."""

from __future__ import annotations

import pytest

from claims.models import Claim
from core.tenancy import Scope, tenant_scope
from tests.factories import audit_count
from tests.portal.test_limit_pages import switch_to_chinese
from tests.portal.test_pages import post, sign_in, text
from tests.reports.claims_documents_world import BUYER, filed_claim, notified_case


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


@pytest.fixture
def claim_id(client, session, world):
    return filed_claim(client, world, notified_case(client, session, world))


def status_of(session, claim_id):
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        return session.get(Claim, claim_id).status.value


def test_the_handler_assesses_approves_pays_and_recovers(client, session, world, claim_id):
    sign_in(client, world.claims_handler)
    queue = text(client.get("/claims/queue"))
    assert f"Assess claim {claim_id}" in queue and world.a.insured.name in queue
    assert BUYER in queue and f"/claims/{claim_id}" in queue
    here = f"/claims/{claim_id}"
    opened = text(client.get(here))
    assert "Not assessed yet" in opened and "statement.pdf" not in opened
    assessed = post(client, f"{here}/assess", {}, page=here)
    assert assessed.status_code == 302
    page = text(client.get(here))
    for expected in ("Claim assessed", "A-1", "A-2", "11,900.00", "1,596.64", "8,403.36",
                     "exceed the maximum credit period of 120 days", "Net outstanding",
                     "15,000.00 EUR", "6,596.64 EUR", "100,000.00 EUR", "7,563.02 EUR",
                     "Approve 7,563.02 EUR", f"/claims/{claim_id}/statement.pdf?lang=en"):
        assert expected in page, expected
    assert page.index("Total debt at the date of loss") < page.index("Net outstanding") \
        < page.index("Covered amount") < page.index("Indemnity before the aggregate")
    approved = post(client, f"{here}/approve", {}, page=here)
    assert approved.status_code == 302 and status_of(session, claim_id) == "approved"
    assert "Pay claim" in text(client.get("/claims/queue"))
    early = post(client, f"{here}/pay", {"paid_on": "2026-01-01"}, page=here)
    assert early.status_code == 422
    assert "A claim is paid after its approval, and not in the future." in text(early)
    paid = post(client, f"{here}/pay", {"paid_on": "2026-06-15"}, page=here)
    assert paid.status_code == 302 and status_of(session, claim_id) == "paid"
    recovered = post(client, f"{here}/recoveries", {"amount": "1,500.00",
                                                   "received_on": "2026-06-15"}, page=here)
    assert recovered.status_code == 302
    shown = text(client.get(here))
    # loss share: 1,500 × 7,563.02 / 15,000 = 756.30 for the insurer, 743.70 for the insured
    assert "Recoveries" in shown and "756.30 EUR" in shown and "743.70 EUR" in shown
    assert "share of the loss" in shown
    assert f"/claims/{claim_id}" not in text(client.get("/claims/queue"))


def test_a_rejection_needs_its_reason_and_reopens_the_case(client, session, world, claim_id):
    sign_in(client, world.claims_handler)
    here = f"/claims/{claim_id}"
    before = audit_count(session)
    empty = post(client, f"{here}/reject", {"reason": ""}, page=here)
    assert empty.status_code == 422 and "Required." in text(empty)
    assert audit_count(session) == before
    done = post(client, f"{here}/reject", {"reason": "Goods never delivered."}, page=here)
    assert done.status_code == 302 and status_of(session, claim_id) == "rejected"
    sign_in(client, world.a.user)
    page = text(client.get(here))
    assert "Rejected: Goods never delivered." in page and "Reject the claim" not in page


def test_the_insured_follows_the_claim_and_reads_the_statement(client, session, world,
                                                                 claim_id):
    sign_in(client, world.claims_handler)
    post(client, f"/claims/{claim_id}/assess", {}, page=f"/claims/{claim_id}")
    sign_in(client, world.a.user)
    listed = text(client.get("/claims"))
    assert BUYER in listed and "Assessed" in listed and "7,563.02 EUR" in listed
    page = text(client.get(f"/claims/{claim_id}"))
    assert "7,563.02 EUR" in page and "Your decision" not in page and "Approve" not in page
    pdf = client.get(f"/claims/{claim_id}/statement.pdf?lang=zh")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert f"statement-of-loss-{claim_id}-zh.pdf" in pdf.headers["Content-Disposition"]
    assert client.post(f"/claims/{claim_id}/approve").status_code in (400, 403)
    for action in ("assess", "approve", "reject", "pay", "recoveries"):
        answer = post(client, f"/claims/{claim_id}/{action}", {}, page="/claims")
        assert answer.status_code == 403, action
    assert client.get("/claims/queue").status_code == 403
    assert status_of(session, claim_id) == "assessed"


def test_claim_pages_render_in_chinese(client, session, world, claim_id):
    sign_in(client, world.claims_handler)
    post(client, f"/claims/{claim_id}/assess", {}, page=f"/claims/{claim_id}")
    switch_to_chinese(client)
    pages = {
        "/claims/queue": ["理赔工作队列"],
        "/claims": ["索赔", "已理算"],
        f"/claims/{claim_id}": ["损失计算书", "净欠款", "账期超过保单最长信用期。", "拒赔"],
        "/": ["工作队列"],
    }
    for page, words in pages.items():
        shown = text(client.get(page))
        assert '<html lang="zh-Hans">' in shown
        for word in words:
            assert word in shown, (page, word)
    assert "exceed the maximum credit period" not in text(client.get(f"/claims/{claim_id}"))


def test_navigation_and_home_follow_the_role(client, session, world, claim_id):
    sign_in(client, world.a.user)
    home = text(client.get("/"))
    assert 'href="/cases"' in home and 'href="/claims"' in home
    assert 'href="/overdue/report"' in home and 'href="/claims/queue"' not in home
    sign_in(client, world.claims_handler)
    staff = text(client.get("/"))
    assert 'href="/claims/queue"' in staff and f"Claim {claim_id}" in staff
    sign_in(client, world.underwriter)
    assert 'href="/claims/queue"' not in text(client.get("/"))
