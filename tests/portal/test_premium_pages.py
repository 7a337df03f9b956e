"""The policy page and the premium pages as a browser uses them (CSRF on): the insured declares
a month ended and amends it until invoiced, in the page's language; a month not yet ended, an
amount in another language's format or with more decimals than the currency has are refused
with a message that says why; staff read every insured's, the insurer's administrator
invoices; another insured's policy, declarations and invoices are 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.tenancy import Scope, tenant_scope
from tests.factories import audit_count, make_policy
from tests.portal.test_pages import csrf_token, post, sign_in, text
from tests.premium_world import rows
from underwriting.policies.services import amend_terms
from underwriting.premium.models import PremiumDeclaration, PremiumInvoice


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


def sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})


def declare(client, policy_id, period, turnover):
    page = f"/policies/{policy_id}/declarations"
    return post(client, page, {"period": period, "insured_turnover": turnover}, page=page)


def declared(session, policy_id):
    return [(f"{d.period:%Y-%m}", d.insured_turnover, d.premium) for d in
            rows(session, PremiumDeclaration, PremiumDeclaration.policy_id == policy_id)]


def test_the_insured_declares_and_amends_a_month_until_it_is_invoiced(client, session, world):
    sign_in(client, world.a.user)
    policy_id = world.a.policy.id
    page = text(client.get(f"/policies/{policy_id}/declarations"))
    assert 'value="2026-05"' in page  # the latest month ended is offered
    answer = declare(client, policy_id, "2026-05", "12,500.00")
    assert answer.status_code == 302
    assert declared(session, policy_id) == [("2026-05", Decimal("12500.00"), Decimal("31.25"))]
    page = text(client.get(f"/policies/{policy_id}/declarations"))
    assert "12,500.00 EUR" in page and "31.25 EUR" in page and "Amend" in page
    assert declare(client, policy_id, "2026-05", "20000").status_code == 302  # amended
    assert declared(session, policy_id) == [("2026-05", Decimal("20000.00"), Decimal("50.00"))]

    sign_out(client)
    sign_in(client, world.insurer_admin)
    staff = text(client.get(f"/policies/{policy_id}/declarations"))
    assert "20,000.00 EUR" in staff and 'name="insured_turnover"' not in staff  # read-only
    invoiced = post(client, f"/policies/{policy_id}/premium-invoices", {},
                    page=f"/policies/{policy_id}/declarations")
    assert invoiced.status_code == 302
    [invoice] = rows(session, PremiumInvoice, PremiumInvoice.policy_id == policy_id)
    assert invoice.amount == Decimal("50.00")
    again = post(client, f"/policies/{policy_id}/premium-invoices", {},
                 page=f"/policies/{policy_id}/declarations")
    assert again.status_code == 422 and "no declarations waiting" in text(again)
    assert invoice.number in text(client.get("/premium-invoices"))

    sign_out(client)
    sign_in(client, world.a.user)
    page = text(client.get(f"/policies/{policy_id}/declarations"))
    assert invoice.number in page and "Amend</button>" not in page
    before = audit_count(session)
    refused = declare(client, policy_id, "2026-05", "1.00")
    assert refused.status_code == 422 and "can no longer be amended" in text(refused)
    assert audit_count(session) == before
    listed = text(client.get("/premium-invoices"))
    assert invoice.number in listed and f"/premium-invoices/{invoice.id}/invoice.pdf" in listed
    pdf = client.get(f"/premium-invoices/{invoice.id}/invoice.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_month_not_yet_ended_is_refused_with_the_reason(client, session, world):
    sign_in(client, world.a.user)
    refused = declare(client, world.a.policy.id, "2026-06", "1000.00")
    assert refused.status_code == 422
    page = text(refused)
    assert "once it has ended" in page and "2026-05 is the latest" in page
    assert declared(session, world.a.policy.id) == []


@pytest.mark.parametrize(("typed", "message"), [
    ("12.500,00", "Write the amount as 12,500.00."),  # German-style in an English page
    ("twelve", "Write the amount as 12,500.00."),
    ("1,2345", "Write the amount as 12,500.00."),     # a group sign out of place
    ("12.505", "At most 2 decimal places"),
])
def test_amounts_the_page_cannot_take_say_why(client, session, world, typed, message):
    sign_in(client, world.a.user)
    refused = declare(client, world.a.policy.id, "2026-05", typed)
    assert refused.status_code == 422 and message in text(refused), text(refused)
    assert declared(session, world.a.policy.id) == []


def test_a_yen_policy_shows_whole_yen_and_refuses_decimals(client, session, world):
    policy = make_policy(session, world.a.insured, currency="JPY")
    session.commit()
    sign_in(client, world.a.user)
    assert declare(client, policy.id, "2026-04", "1,234,567").status_code == 302
    page = text(client.get(f"/policies/{policy.id}/declarations"))
    assert "1,234,567 JPY" in page and "3,086 JPY" in page and "3,086.00" not in page
    assert 'placeholder="12,500"' in page
    refused = declare(client, policy.id, "2026-04", "1,234,567.5")
    assert refused.status_code == 422 and "At most 0 decimal places for JPY" in text(refused)
    unreadable = declare(client, policy.id, "2026-04", "1.234.567,5")
    assert "Write the amount as 12,500." in text(unreadable)
    assert declared(session, policy.id) == [("2026-04", Decimal("1234567"), Decimal("3086"))]
    csv = client.get(f"/policies/{policy.id}/declarations?download=declarations&format=csv")
    assert csv.status_code == 200
    assert "2026-04,1234567,0.25,3086,JPY," in csv.get_data(as_text=True)


def test_a_chinese_page_reads_its_own_signs_and_answers_in_chinese(client, session, world):
    sign_in(client, world.a.user)
    post(client, "/language", {"lang": "zh", "next": "/"})
    assert declare(client, world.a.policy.id, "2026-05", "12,500.00").status_code == 302
    assert declared(session, world.a.policy.id) == [
        ("2026-05", Decimal("12500.00"), Decimal("31.25"))]
    for typed in ("12.500,00", "１２，５００．００"):  # German-style; full-width digits
        refused = declare(client, world.a.policy.id, "2026-04", typed)
        assert refused.status_code == 422 and "金额请写成 12,500.00。" in text(refused)
    page = text(client.get(f"/policies/{world.a.policy.id}/declarations"))
    assert "营业额申报" in page


def test_the_policy_page_shows_the_terms_in_force_and_every_version(client, session, world):
    with tenant_scope(Scope.everyone()):
        amend_terms(session, world.a.policy.id, actor=world.insurer_admin.as_actor(),
                    effective_from=dt.date(2026, 7, 1),
                    changes={"premium_rate": Decimal("0.4"), "threshold": Decimal("1500")})
        session.commit()
    sign_in(client, world.a.user)
    home = text(client.get("/"))
    assert f'href="/policies/{world.a.policy.id}"' in home  # linked from the policy table
    page = text(client.get(f"/policies/{world.a.policy.id}"))
    assert world.a.policy.number in page and "From 2026-07-01" in page
    assert "From 2026-01-01" in page and "1,500.00 EUR" in page and "0.4" in page
    assert f"/policies/{world.a.policy.id}/schedule.pdf" in page
    assert f"/policies/{world.a.policy.id}/declarations" in page
    sign_out(client)
    sign_in(client, world.underwriter)
    assert client.get(f"/policies/{world.b.policy.id}").status_code == 200  # staff see all


def test_another_insureds_policy_declarations_and_invoices_are_404(client, session, world):
    with tenant_scope(Scope.insured(world.b.insured.id)):
        from underwriting.premium.declarations import declare_turnover
        from underwriting.premium.invoicing import invoice_declarations

        declare_turnover(session, world.b.policy.id, actor=world.b.user.as_actor(),
                         period=dt.date(2026, 3, 1), insured_turnover=Decimal("1000.00"))
        [theirs] = invoice_declarations(session, world.b.policy, actor=world.b.user.as_actor(),
                                        issued_on=dt.date(2026, 4, 1))
        session.commit()
    sign_in(client, world.a.user)
    for path in (f"/policies/{world.b.policy.id}", f"/policies/{world.b.policy.id}/declarations",
                 f"/premium-invoices/{theirs.id}/invoice.pdf"):
        assert client.get(path).status_code == 404, path
    assert declare(client, world.b.policy.id, "2026-04", "1.00").status_code == 404
    assert theirs.number not in text(client.get("/premium-invoices"))
    assert declared(session, world.b.policy.id) == [
        ("2026-03", Decimal("1000.00"), Decimal("2.50"))]


def test_only_the_insurers_administrator_invoices_and_only_insureds_declare(client, world):
    sign_in(client, world.a.admin)
    answer = post(client, f"/policies/{world.a.policy.id}/premium-invoices", {})
    assert answer.status_code == 403
    sign_out(client)
    sign_in(client, world.claims_handler)
    assert declare(client, world.a.policy.id, "2026-05", "1.00").status_code == 403
