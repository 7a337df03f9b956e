"""Credit limit pages as a browser uses them (CSRF on): the insured asks for a limit from a buyer
page and reads the decision; an underwriter works the referral queue, reduces limits and sees
the insurer's exposure; nobody sees another insured's requests, limits or names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from buyers_db.models import Buyer
from core.tenancy import Scope, tenant_scope
from tests.factories import World, audit_count
from tests.limits_world import graded_buyer
from tests.portal.test_pages import post, sign_in, text
from underwriting.limits.models import Alert, CreditLimit, LimitRequest, RequestStatus

TODAY = "2026-03-02"


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCI_TODAY", TODAY)


def ask(client: FlaskClient, world: World, buyer: Buyer, *, tenant: str = "a",
        **fields: str) -> TestResponse:
    """Fill in and send the request form of `buyer`, as the signed-in insured."""
    policy = getattr(world, tenant).policy
    form = {"buyer_id": str(buyer.id), "policy_id": str(policy.id), "amount": "100000.00",
            "payment_terms_days": "60", **fields}
    return post(client, "/limits/request", form, page=f"/limits/request?buyer_id={buyer.id}")


def decision_path(response: TestResponse) -> str:
    assert response.status_code == 302, text(response)
    location = response.headers["Location"]
    assert re.fullmatch(r"/limits/requests/\d+", location), location
    return location


def made_request(session: Session, path: str) -> LimitRequest:
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        found = session.get(LimitRequest, int(path.rsplit("/", 1)[1]))
    assert found is not None
    return found


def limit_of(session: Session, path: str) -> int:
    limit_id = made_request(session, path).credit_limit_id
    assert limit_id is not None
    return limit_id


def switch_to_chinese(client: FlaskClient) -> None:
    assert post(client, "/language", {"lang": "zh", "next": "/"}).status_code == 302


def test_the_insured_journey_from_search_to_cancellation(client, session, world):
    buyer = graded_buyer(session, name="Hamburger Kontor Maschinenbau GmbH")
    sign_in(client, world.a.user)
    found = text(client.get("/buyers?q=Hamburger Kontor"))
    assert f'href="/buyers/{buyer.id}"' in found
    page = text(client.get(f"/buyers/{buyer.id}"))
    assert f'href="/limits/request?buyer_id={buyer.id}"' in page
    assert "Request a credit limit" in page and "You hold no limit on this buyer" in page
    form = client.get(f"/limits/request?buyer_id={buyer.id}")
    assert form.status_code == 200 and world.a.policy.number in text(form)
    assert "sizing.js" in text(form)

    path = decision_path(ask(client, world, buyer, reference="PO-7781"))
    decision = text(client.get(path))
    assert 'class="outcome approved"' in decision and "Approved" in decision
    assert "100,000.00 EUR" in decision and "PO-7781" in decision
    limit_id = limit_of(session, path)
    assert f"/limits/{limit_id}/letter.pdf?lang=en" in decision

    listed = text(client.get("/limits"))
    assert buyer.name in listed and "100,000.00 EUR" in listed and TODAY in listed
    assert buyer.name in text(client.get("/limits/requests"))

    detail = text(client.get(f"/limits/{limit_id}"))
    assert "History" in detail and "Granted" in detail and TODAY in detail
    assert "Cancel the limit" in detail and "Reduce or withdraw" not in detail
    cancelled = post(client, f"/limits/{limit_id}/cancel", {}, page=f"/limits/{limit_id}")
    assert cancelled.status_code == 302
    after = text(client.get(cancelled.headers["Location"]))
    assert "Limit cancelled" in after and 'class="badge cancelled"' in after
    assert "Cancel the limit" not in after
    assert after.count("<td>Cancelled</td>") == 1 and after.count("<td>Granted</td>") == 1
    assert buyer.name not in text(client.get("/limits"))  # active limits only, by default
    assert buyer.name in text(client.get("/limits?ended=1"))


def test_the_sizing_helper_works_without_javascript(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    sized = post(client, "/limits/request", {
        "buyer_id": str(buyer.id), "policy_id": str(world.a.policy.id),
        "annual_turnover": "1,200,000", "credit_days": "60", "compute": "1",
        "reference": "kept",
    }, page=f"/limits/request?buyer_id={buyer.id}")
    page = text(sized)
    assert sized.status_code == 200
    assert 'name="amount" value="198000"' in page and "Suggested limit: 198,000" in page
    assert 'name="reference" value="kept"' in page  # the rest of the form survives
    with tenant_scope(Scope.everyone()):
        assert session.scalar(select(LimitRequest).where(LimitRequest.buyer_id == buyer.id)) \
            is None
    missing = post(client, "/limits/request", {
        "buyer_id": str(buyer.id), "annual_turnover": "a lot", "credit_days": "60",
        "compute": "1"}, page=f"/limits/request?buyer_id={buyer.id}")
    assert missing.status_code == 422 and "Enter an amount, e.g. 12500.00." in text(missing)


def test_a_bad_request_form_answers_422_and_writes_nothing(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    before = audit_count(session)
    answer = ask(client, world, buyer, amount="-5", payment_terms_days="")
    assert answer.status_code == 422
    assert "Must not be negative." in text(answer)
    assert "Required." in text(answer)
    assert audit_count(session) == before


def test_a_referral_is_decided_by_an_underwriter_and_read_in_chinese(client, session, world):
    buyer = graded_buyer(session, name="Lyon Textiles SARL")
    sign_in(client, world.a.user)
    path = decision_path(ask(client, world, buyer, comment="Seasonal peak, please review"))
    referred = text(client.get(path))
    assert 'class="outcome referred"' in referred and "Referred to an underwriter" in referred
    assert "Request carries a comment for the underwriter" in referred

    sign_in(client, world.underwriter)
    queue = text(client.get("/underwriting/queue"))
    request_id = made_request(session, path).id
    assert world.a.insured.name in queue and buyer.name in queue
    assert f"/underwriting/requests/{request_id}" in queue and "Seasonal peak" in queue
    page = f"/underwriting/requests/{request_id}"
    opened = text(client.get(page))
    assert "Buyer standing" in opened and "Total exposure, all insureds" in opened
    assert "1,200,000.00 EUR" in opened  # capacity: 12 % of 10,000,000 at grade 3
    assert 'name="reason_codes" value="SPT"' in opened
    decided = post(client, page, {
        "outcome": "partial", "amount": "60,000.00", "reason_codes": ["WCH", "SPT"],
        "conditions.max_payment_terms_days": "45", "conditions.expires_on": "2026-09-30",
    }, page=page)
    assert decided.status_code == 302 and decided.headers["Location"] == "/underwriting/queue"
    assert f"/underwriting/requests/{request_id}" not in text(client.get("/underwriting/queue"))

    sign_in(client, world.a.user)
    switch_to_chinese(client)
    chinese = text(client.get(path))
    assert "部分批准" in chinese and "60,000.00 EUR" in chinese
    assert "须缩短账期" in chinese and "买方评级需核保员审核" in chinese
    assert "Shorter payment terms required" not in chinese
    assert "2026-09-30" in chinese and "45" in chinese
    assert "lang=zh" in chinese  # the letter in the page's language


def test_a_bad_decision_re_renders_the_form_and_decides_nothing(client, session, world):
    buyer = graded_buyer(session, grade=7)
    sign_in(client, world.a.user)
    path = decision_path(ask(client, world, buyer))
    sign_in(client, world.underwriter)
    page = f"/underwriting/requests/{made_request(session, path).id}"
    missing = post(client, page, {"outcome": "partial", "reason_codes": ["GRD"]}, page=page)
    assert missing.status_code == 422
    assert "A partial approval needs the amount granted." in text(missing)
    assert 'value="GRD" checked' in text(missing)  # the boxes ticked stay ticked
    no_reason = post(client, page, {"outcome": "refused"}, page=page)
    assert no_reason.status_code == 422 and "Give at least one." in text(no_reason)
    assert made_request(session, path).status is RequestStatus.REFERRED


def test_the_discretionary_form_on_the_buyer_page(client, session, world):
    buyer = graded_buyer(session, grade=6)
    sign_in(client, world.a.user)
    page = f"/buyers/{buyer.id}"
    assert "Set a discretionary limit" in text(client.get(page))
    too_much = post(client, "/limits/discretionary", {
        "policy_id": str(world.a.policy.id), "buyer_id": str(buyer.id), "amount": "20000.01",
    }, page=page)
    assert too_much.status_code == 422 and "At most 20000" in text(too_much)
    assert buyer.name in text(too_much)  # back on the buyer page, with the problem
    made = post(client, "/limits/discretionary", {
        "policy_id": str(world.a.policy.id), "buyer_id": str(buyer.id), "amount": "15,000",
    }, page=page)
    assert made.status_code == 302
    shown = text(client.get(made.headers["Location"]))
    assert "Discretionary limit" in shown and "15,000.00 EUR" in shown
    assert "Decision letter" not in shown  # the insured's own decision: no letter from us
    weak = graded_buyer(session, grade=8)
    assert "needs a buyer graded 6 or better" in text(client.get(f"/buyers/{weak.id}"))


def test_an_underwriter_reduces_a_limit_after_notice(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    limit_id = limit_of(session, decision_path(ask(client, world, buyer)))
    sign_in(client, world.underwriter)
    page = f"/limits/{limit_id}"
    form = text(client.get(page))
    assert "Reduce or withdraw" in form and "2026-04-01" in form  # 30 days' notice
    assert "Cancel the limit" not in form
    unreasoned = post(client, f"{page}/reduce", {"amount": "40000.00"}, page=page)
    assert unreasoned.status_code == 422 and "Reduce or withdraw" in text(unreasoned)
    reduced = post(client, f"{page}/reduce", {"amount": "40000.00", "reason_codes": ["RED"]},
                   page=page)
    assert reduced.status_code == 302
    shown = text(client.get(page))
    assert "From 2026-04-01 this limit becomes 40,000.00 EUR" in shown
    assert "Exposure reduced on the buyer" in shown
    sign_in(client, world.a.user)
    listed = text(client.get("/limits"))
    assert "100,000.00 EUR" in listed and "Reduced to 40,000.00 EUR from 2026-04-01" in listed


def test_alerts_on_the_insured_home_page_can_be_marked_read(client, session, world):
    buyer = graded_buyer(session, name="Ostwind Logistik AG")
    with tenant_scope(Scope.everyone()):
        mine = Alert(insured_id=world.a.insured.id, buyer_id=buyer.id, kind="grade_worsened",
                     previous_grade=3, grade=6, as_of=dt.date(2026, 3, 1))
        theirs = Alert(insured_id=world.b.insured.id, buyer_id=buyer.id, kind="grade_worsened",
                       previous_grade=3, grade=6, as_of=dt.date(2026, 3, 1))
        session.add_all([mine, theirs])
        session.commit()
    sign_in(client, world.a.user)
    home = text(client.get("/"))
    assert "Alerts" in home and buyer.name in home and "Grade worsened" in home
    assert f"/alerts/{mine.id}/read" in home and f"/alerts/{theirs.id}/read" not in home
    assert post(client, f"/alerts/{theirs.id}/read", {}).status_code == 404
    assert post(client, f"/alerts/{mine.id}/read", {}).status_code == 302
    after = text(client.get("/"))
    assert buyer.name not in after and "No unread alerts" in after


def test_other_tenant_requests_limits_and_letters_answer_404(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    path = decision_path(ask(client, world, buyer))
    limit_id = limit_of(session, path)
    sign_in(client, world.b.user)
    for page in (path, f"/limits/{limit_id}", f"/limits/{limit_id}/letter.pdf"):
        answer = client.get(page)
        assert answer.status_code == 404, page
        assert world.a.insured.name not in text(answer)
    assert post(client, f"/limits/{limit_id}/cancel", {}).status_code == 404
    assert buyer.name not in text(client.get("/limits"))
    assert buyer.name not in text(client.get("/limits/requests"))
    with tenant_scope(Scope.everyone()):
        session.expire_all()
        limit = session.get(CreditLimit, limit_id)
        assert limit is not None and limit.status.value == "active"


def test_other_tenant_limits_never_show_on_an_insureds_buyer_page(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    decision_path(ask(client, world, buyer, amount="100000.00"))
    sign_in(client, world.b.user)
    decision_path(ask(client, world, buyer, tenant="b", amount="250000.00"))
    own = text(client.get(f"/buyers/{buyer.id}"))
    assert "250,000.00 EUR" in own and world.b.policy.number in own
    assert "100,000.00" not in own and world.a.insured.name not in own
    assert world.a.policy.number not in own and "Exposure" not in own
    assert "Total exposure" not in own and "350,000.00" not in own

    sign_in(client, world.underwriter)
    staff = text(client.get(f"/buyers/{buyer.id}"))
    assert "Exposure" in staff and "350,000.00 EUR" in staff  # both insureds, in euros
    assert "850,000.00 EUR" in staff  # capacity left: 1,200,000 - 350,000
    assert world.a.insured.name in staff and world.b.insured.name in staff
    assert "Request a credit limit" not in staff


def test_insureds_cannot_work_the_queue_nor_reduce(client, session, world):
    buyer = graded_buyer(session, grade=7)
    sign_in(client, world.a.user)
    path = decision_path(ask(client, world, buyer))
    request_id = made_request(session, path).id
    assert client.get("/underwriting/queue").status_code == 403
    assert client.get(f"/underwriting/requests/{request_id}").status_code == 403
    decided = post(client, f"/underwriting/requests/{request_id}",
                   {"outcome": "approved", "reason_codes": ["UWD"]}, page=path)
    assert decided.status_code == 403
    assert made_request(session, path).status is RequestStatus.REFERRED
    sign_in(client, world.claims_handler)
    assert client.get("/underwriting/queue").status_code == 403
    assert client.get(f"/limits/request?buyer_id={buyer.id}").status_code == 403


def test_navigation_follows_the_role(client, world):
    sign_in(client, world.a.user)
    home = text(client.get("/"))
    assert 'href="/limits"' in home and 'href="/limits/requests"' in home
    assert 'href="/underwriting/queue"' not in home
    sign_in(client, world.underwriter)
    staff = text(client.get("/"))
    assert 'href="/underwriting/queue"' in staff and 'href="/limits/requests"' not in staff


def test_limit_pages_render_in_chinese(client, session, world):
    buyer = graded_buyer(session, grade=8)
    sign_in(client, world.a.user)
    path = decision_path(ask(client, world, buyer))
    switch_to_chinese(client)
    pages = {
        f"/limits/request?buyer_id={buyer.id}": ["申请信用限额", "账期", "建议限额"],
        "/limits": ["信用限额", "生效日期"],
        "/limits/requests": ["限额申请", "转人工审核", "核准金额"],
        path: ["转人工审核", "买方评级需核保员审核", "申请金额"],
        f"/buyers/{buyer.id}": ["您对该买方的信用限额", "申请信用限额"],
    }
    for page, words in pages.items():
        shown = text(client.get(page))
        for word in words:
            assert word in shown, (page, word)
        assert '<html lang="zh-Hans">' in shown
    refused = ask(client, world, buyer, amount="", payment_terms_days="")
    assert refused.status_code == 422 and "必填。" in text(refused)
    sign_in(client, world.underwriter)
    switch_to_chinese(client)
    queue = text(client.get("/underwriting/queue"))
    assert "转人工审核队列" in queue and "买方评级需核保员审核" in queue and "审核" in queue


def test_the_letter_link_returns_the_pdf_in_the_page_language(client, session, world,
                                                               monkeypatch):
    calls = []

    def decision_letter(session, limit_id, *, actor, lang):
        calls.append((limit_id, actor.insured_id, lang))
        return b"%PDF-1.7 letter"

    monkeypatch.setattr("reports.letters.decision_letter", decision_letter)
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    limit_id = limit_of(session, decision_path(ask(client, world, buyer)))
    answer = client.get(f"/limits/{limit_id}/letter.pdf?lang=zh")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.data.startswith(b"%PDF")
    assert f"credit-limit-{limit_id}-zh.pdf" in answer.headers["Content-Disposition"]
    switch_to_chinese(client)
    client.get(f"/limits/{limit_id}/letter.pdf?lang=xx")
    assert calls == [(limit_id, world.a.insured.id, "zh"), (limit_id, world.a.insured.id, "zh")]


def test_the_real_decision_letter_is_a_pdf(client, session, world):
    buyer = graded_buyer(session)
    sign_in(client, world.a.user)
    limit_id = limit_of(session, decision_path(ask(client, world, buyer)))
    answer = client.get(f"/limits/{limit_id}/letter.pdf?lang=en")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    assert answer.data.startswith(b"%PDF")
