"""The claim pre-check and the deadline warnings an insured sees on a case.

Limit 10,000 from 2 Jan 2026. Notified 1 Jun: A 8,000 (1 Feb, due 2 Apr); M 3,000 (1 Mar, at
150 days: over the MCT); B 5,000 of which VAT 1,000 (1 Apr, due 31 May). Debt 16,000."""

from __future__ import annotations

import pytest

from claims.deadlines import case_deadlines, warnings
from claims.precheck import pre_check
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import D, covered_buyer, day, insolvent, inv, notify, on_day

INVOICES = (inv("A", "2026-02-01", "8000"), inv("M", "2026-03-01", "3000", terms=150),
            inv("B", "2026-04-01", "5000", vat="1000"))


def checked(session, tenant, case, on):
    with on_day(on), tenant_scope(Scope.insured(tenant.insured.id)):
        return pre_check(session, case.id, actor=tenant.user.as_actor())


def by_code(result):
    return {r.code: (r.amount, list(r.invoices)) for r in result.reductions}


@pytest.fixture
def buyer(session, world):
    return covered_buyer(session, world.a, amount="10000")


def test_what_a_claim_would_pay_today_and_what_makes_it_smaller(session, world, buyer):
    case = notify(session, world.a, buyer, *INVOICES, on="2026-06-01").case
    result = checked(session, world.a, case, "2026-06-01")
    # in: A 8,000 + B 4,000 without VAT = 12,000; covered 10,000 (the limit); × 90 % = 9,000
    assert result.statement.indemnity == D("9000")
    assert by_code(result) == {
        "terms_over_mct": (D("3000"), ["M"]),
        "vat_excluded": (D("1000"), ["B"]),
        "above_limit": (D("2000"), []),
        "uninsured_share": (D("1000"), []),
    }
    # due 2 Apr + 180 days: the date of loss is 29 Sep, not yet come
    assert (result.claimable, result.statement.date_of_loss) == (False, day("2026-09-29"))
    assert sum(r.amount for r in result.reductions) + result.statement.indemnity == \
        result.statement.total_debt == D("16000")


def test_a_late_notification_takes_it_all(session, world, buyer):
    # A's deadline is 1 Jul (MEP expiry 1 Jun + 30); notified 2 Jul voids cover on the buyer
    case = notify(session, world.a, buyer, *INVOICES, on="2026-07-02").case
    result = checked(session, world.a, case, "2026-07-02")
    assert result.statement.indemnity == 0
    assert by_code(result) == {"late_notification": (D("16000"), ["A", "M", "B"])}


def test_deadlines_and_warnings(session, world, buyer):
    case = notify(session, world.a, buyer, *INVOICES, on="2026-06-01").case
    with tenant_scope(Scope.insured(world.a.insured.id)):
        found = case_deadlines(session, case, day("2026-06-01"))
    # A: 2 Apr + 60 + 30 = 1 Jul; M: 29 Jul + 90 = 27 Oct; B: 31 May + 90 = 29 Aug; the claim:
    # date of loss 29 Sep + 180 = 28 Mar 2027, 300 days ahead
    assert [(d.kind, d.invoice_number, d.date.isoformat(), d.met, d.days_left)
            for d in found] == [
        ("notification_deadline", "A", "2026-07-01", True, 30),
        ("notification_deadline", "M", "2026-10-27", True, 148),
        ("notification_deadline", "B", "2026-08-29", True, 89),
        ("claim_filing_deadline", None, "2027-03-28", None, 300),
    ]
    assert warnings(found) == []


def test_a_missed_notification_deadline_and_an_insolvency_are_warned(session, world, buyer):
    case = notify(session, world.a, buyer, inv("A", "2026-02-01", "8000"), on="2026-07-02").case
    insolvent(session, buyer, "2026-01-20")
    with tenant_scope(Scope.insured(world.a.insured.id)):
        found = warnings(case_deadlines(session, case, day("2026-07-02")))
    # A's deadline passed yesterday; insolvent 20 Jan: file by 19 Jul, 17 days ahead
    assert [(d.kind, d.met, d.days_left) for d in found] == [
        ("notification_deadline", False, -1), ("claim_filing_deadline", None, 17)]
    assert "insolvent" in found[1].note
