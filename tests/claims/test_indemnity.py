"""Statement of loss, steps 1 to 3: which invoices are in, what is still owed on them, and how
much of it the limits cover. Every expected figure is worked out by hand in its comment."""

from __future__ import annotations

import dataclasses

import pytest

from claims.indemnity import ReasonCode, statement_of_loss
from tests.claims.indemnity_world import (
    DISCRETIONARY,
    D,
    claim,
    day,
    invoice,
    limit,
    paid,
)

R = ReasonCode
INV_1 = invoice("INV-1", "2025-03-01", "10000")  # due 30 May; MEP expiry 29 Jul; deadline 28 Aug


def codes(statement, number="INV-1"):
    line = next(line for line in statement.invoices if line.number == number)
    return [reason.code for reason in line.reasons]


def test_an_invoice_with_nothing_wrong_is_in_without_reasons():
    statement = statement_of_loss(claim())
    assert codes(statement) == []
    assert statement.invoices[0].eligible
    assert statement.net_outstanding == D("10000")
    assert statement.indemnity == D("9000")  # covered 10,000 × 90 % = 9,000


EACH_REASON_ALONE = {
    # delivered 20 Dec 2024, before the policy year; due 20 Mar, notified before 18 Jun
    "outside_policy_period": (R.OUTSIDE_POLICY_PERIOD,
                              claim(invoice("INV-1", "2024-12-20", "10000"))),
    # the only limit starts on 1 April, the delivery was on 1 March
    "no_limit_yet": (R.NO_LIMIT, claim(limits=(limit("2025-04-01", "50000"),))),
    # the limit was withdrawn (amount 0) from 1 February
    "limit_withdrawn": (R.NO_LIMIT, claim(limits=(limit("2024-01-01", "100000"),
                                                  limit("2025-02-01", "0")))),
    # cover stopped on the delivery date itself
    "after_stop": (R.AFTER_STOP, claim(stop_date=day("2025-03-01"))),
    # 1 Mar + 121 days: one day over the 120-day MCT
    "terms_over_mct": (R.TERMS_OVER_MCT,
                       claim(invoice("INV-1", "2025-03-01", "10000", terms=121))),
    "disputed": (R.DISPUTED, claim(invoice("INV-1", "2025-03-01", "10000",
                                           whole_dispute=True))),
    # due 30 May + 60 MEP = 29 Jul + 30 = deadline 28 Aug; notified 29 Aug
    "notified_late": (R.NOTIFIED_LATE, claim(notified_on=day("2025-08-29"))),
}


@pytest.mark.parametrize(("code", "facts"), EACH_REASON_ALONE.values(),
                         ids=EACH_REASON_ALONE.keys())
def test_each_reason_alone_puts_the_invoice_out(code, facts):
    statement = statement_of_loss(facts)
    assert codes(statement) == [code]
    assert not statement.invoices[0].eligible
    assert statement.invoices[0].eligible_remainder == 0
    assert statement.net_outstanding == statement.covered_amount == statement.indemnity == 0
    assert statement.excluded == D("10000")


ON_THE_BOUNDARY = {
    "terms_of_exactly_120_days": claim(invoice("INV-1", "2025-03-01", "10000", terms=120)),
    "notified_on_the_deadline": claim(notified_on=day("2025-08-28")),
    "delivered_on_the_last_day_of_the_year": claim(
        invoice("INV-1", "2025-12-31", "10000"), notified_on=day("2026-01-10")),
    "delivered_the_day_before_the_stop": claim(stop_date=day("2025-03-02")),
}


@pytest.mark.parametrize("facts", ON_THE_BOUNDARY.values(), ids=ON_THE_BOUNDARY.keys())
def test_on_the_boundary_the_invoice_is_in(facts):
    statement = statement_of_loss(facts)
    assert codes(statement) == []
    assert statement.indemnity == D("9000")  # 10,000 × 90 %


def test_a_late_notification_voids_cover_for_the_whole_buyer():
    # INV-1: deadline 28 Aug, notified 1 Sep: late. INV-2: due 30 Jul, deadline 28 Oct, on
    # time and delivered before the stop (INV-1's MEP expiry, 29 Jul), yet out as well.
    facts = claim(INV_1, invoice("INV-2", "2025-05-01", "5000"), notified_on=day("2025-09-01"))
    statement = statement_of_loss(facts)
    assert codes(statement, "INV-1") == [R.NOTIFIED_LATE]
    assert codes(statement, "INV-2") == [R.BUYER_COVER_VOID]
    assert statement.indemnity == 0


def test_an_invoice_added_to_the_case_later_is_judged_by_its_own_notification():
    # first notification 15 Jun; INV-2 (1 May, due 30 Jul, deadline 28 Oct) added on 29 Oct:
    # late by a day, which voids INV-1 (notified on time) as well. Added on 28 Oct: both in.
    late = dataclasses.replace(invoice("INV-2", "2025-05-01", "5000"),
                               notified_on=day("2025-10-29"))
    statement = statement_of_loss(claim(INV_1, late))
    assert codes(statement, "INV-2") == [R.NOTIFIED_LATE]
    assert codes(statement, "INV-1") == [R.BUYER_COVER_VOID]
    on_time = dataclasses.replace(late, notified_on=day("2025-10-28"))
    assert statement_of_loss(claim(INV_1, on_time)).indemnity == D("13500")  # 15,000 × 90 %


def test_an_invoice_paid_before_its_deadline_is_not_notified_late():
    # INV-1 paid in full on 1 Jul, before its deadline (28 Aug); INV-2 (deadline 28 Oct) stays in
    facts = claim(INV_1, invoice("INV-2", "2025-05-01", "5000"), notified_on=day("2025-09-01"),
                  settlements=(paid("10000", "2025-07-01"),))
    statement = statement_of_loss(facts)
    assert codes(statement, "INV-1") == [R.PAID]
    assert codes(statement, "INV-2") == []
    assert statement.indemnity == D("4500")  # 5,000 × 90 %


def test_cover_stops_from_the_first_mep_expiry_when_it_comes_before_the_notification():
    # OLD: due 15 Mar 2025, MEP expiry 14 May, unpaid then; notified 10 Jun: stop 14 May.
    facts = claim(invoice("OLD", "2024-12-15", "4000"), invoice("NEW", "2025-05-20", "5000"),
                  notified_on=day("2025-06-10"))
    statement = statement_of_loss(facts)
    assert statement.stop_date == day("2025-05-14")
    assert codes(statement, "NEW") == [R.AFTER_STOP]


# A (Dec 2024, outside the policy year), B (1 Mar, due 30 May), C (1 Apr); notified 10 Jun;
# the date of loss is B's due date + 180 days = 26 Nov 2025.
ABC = (invoice("A", "2024-12-15", "10000"), invoice("B", "2025-03-01", "8000"),
       invoice("C", "2025-04-01", "6000"))
FOR_C = paid("12000", "2025-06-01", stated_invoice="C")

OLDEST_FIRST = {
    # 12,000 "for C" goes to A 10,000 (not insured) then B 2,000: B 6,000 + C 6,000 = 12,000
    "the buyer says it pays the newest": ((FOR_C,), "12000", "10800"),
    # 12,000 + credit note 1,000 = 13,000: A 10,000, B 3,000: B 5,000 + C 6,000 = 11,000
    "a credit note too": ((FOR_C, paid("1000", "2025-05-01")), "11000", "9900"),
    # 5,000 on the date of loss counts: A 10,000, B 7,000: B 1,000 + C 6,000 = 7,000
    "paid on the date of loss": ((FOR_C, paid("5000", "2025-11-26")), "7000", "6300"),
    # 5,000 after the date of loss is a recovery, not applied here: still 12,000
    "paid after the date of loss": ((FOR_C, paid("5000", "2025-11-27")), "12000", "10800"),
}


@pytest.mark.parametrize(("settlements", "net", "indemnity"), OLDEST_FIRST.values(),
                         ids=OLDEST_FIRST.keys())
def test_payments_go_to_the_oldest_open_invoice_first(settlements, net, indemnity):
    statement = statement_of_loss(claim(*ABC, notified_on=day("2025-06-10"),
                                        settlements=settlements))
    assert statement.date_of_loss == day("2025-11-26")
    assert codes(statement, "A") == [R.OUTSIDE_POLICY_PERIOD]
    assert statement.invoices[0].payments_applied == D("10000")
    assert statement.net_outstanding == D(net)
    assert statement.indemnity == D(indemnity)  # net × 90 %, all within the 100,000 limit


def test_money_beyond_every_open_amount_is_left_unapplied():
    # 30,000 against 24,000 owed: everything paid, 6,000 unapplied; nothing was ever unpaid
    # long enough for a protracted default, so there is no date of loss.
    statement = statement_of_loss(claim(*ABC, notified_on=day("2025-06-10"),
                                        settlements=(paid("30000", "2025-06-01"),)))
    assert statement.payments_applied == D("24000")
    assert statement.payments_unapplied == D("6000")
    assert statement.date_of_loss is None
    assert statement.indemnity == 0


VAT_AND_DISPUTES = {
    # 12,000 incl. 2,000 VAT, not covered: 10,000 × 90 % = 9,000
    "vat_out": ({}, {"vat": "2000"}, (), "2000", "10000", "9000"),
    # VAT covered: 12,000 × 90 % = 10,800
    "vat_in": ({"vat_covered": True}, {"vat": "2000"}, (), "0", "12000", "10800"),
    # 6,000 paid: 6,000 owed carries 6,000 × 2,000 / 12,000 = 1,000 VAT; 5,000 × 90 % = 4,500
    "vat_out_partly_paid": ({}, {"vat": "2000"}, (paid("6000", "2025-07-01"),),
                            "1000", "5000", "4500"),
    # 4,000 disputed is set aside; 3,000 paid goes to the undisputed 6,000: 3,000 × 90 % = 2,700
    "partly_disputed": ({}, {"disputed": "4000"}, (paid("3000", "2025-07-01"),),
                        "0", "3000", "2700"),
    # 6,000 disputed leaves 6,000, of which VAT 6,000 × 2,000 / 12,000 = 1,000: 5,000 × 90 %
    "disputed_and_vat_out": ({}, {"vat": "2000", "disputed": "6000"}, (), "1000", "5000",
                             "4500"),
}


@pytest.mark.parametrize(("terms", "parts", "settlements", "vat", "remainder", "indemnity"),
                         VAT_AND_DISPUTES.values(), ids=VAT_AND_DISPUTES.keys())
def test_vat_and_disputed_parts(terms, parts, settlements, vat, remainder, indemnity):
    amount = "10000" if "vat" not in parts else "12000"
    facts = claim(invoice("INV-1", "2025-03-01", amount, **parts), terms=terms,
                  settlements=settlements)
    line = statement_of_loss(facts).invoices[0]
    assert line.eligible
    assert line.vat_excluded == D(vat)
    assert line.eligible_remainder == D(remainder)
    assert statement_of_loss(facts).indemnity == D(indemnity)


REDUCED = (limit("2024-01-01", "100000"), limit("2025-04-01", "50000"))
INCREASED = (limit("2024-01-01", "50000"), limit("2025-04-01", "100000"))
LIMITS = {
    # X (1 Mar) under 100,000: 30,000; Y (15 Apr) under 50,000: min(40,000, 50,000 − 30,000)
    # = 20,000; covered 50,000 × 90 % = 45,000
    "reduced_room_left": (REDUCED, "30000", "40000", ("30000", "20000"), "50000", "45000"),
    # X 80,000 already fills more than 50,000: Y gets nothing; 80,000 × 90 % = 72,000
    "reduced_no_room": (REDUCED, "80000", "40000", ("80000", "0"), "80000", "72000"),
    # X 60,000 under 50,000: 50,000; Y min(30,000, 100,000 − 50,000) = 30,000; 80,000 × 90 %
    "increased": (INCREASED, "60000", "30000", ("50000", "30000"), "80000", "72000"),
    # X 120,000 under 100,000 alone: 100,000 × 90 % = 90,000
    "over_the_limit": (REDUCED, "120000", None, ("100000",), "100000", "90000"),
}


@pytest.mark.parametrize(("limits", "x", "y", "lines", "covered", "indemnity"),
                         LIMITS.values(), ids=LIMITS.keys())
def test_each_delivery_is_covered_by_the_limit_of_its_delivery_date(
    limits, x, y, lines, covered, indemnity
):
    invoices = [invoice("X", "2025-03-01", x)]
    if y:
        invoices.append(invoice("Y", "2025-04-15", y))
    statement = statement_of_loss(claim(*invoices, limits=limits))
    assert tuple(line.covered_amount for line in statement.invoices) == tuple(map(D, lines))
    assert statement.applicable_limit == D("100000")  # the highest that applied
    assert statement.covered_amount == D(covered)
    assert statement.indemnity == D(indemnity)


def test_the_limit_may_come_from_the_underwriting_history():
    from underwriting.limits.grants import Cover

    def cover_on(day):
        return Cover(7, "insurer", D("50000"), "EUR")

    facts = claim(invoice("X", "2025-03-01", "80000"), limits=cover_on)
    assert statement_of_loss(facts).indemnity == D("45000")  # min(80,000, 50,000) × 90 %


INSURED_PCT = {
    "insurer_limit": ((limit("2024-01-01", "20000"),), "90", "9000"),  # 10,000 × 90 %
    "discretionary_limit": ((limit("2024-01-01", "20000", DISCRETIONARY),), "80", "8000"),
}


@pytest.mark.parametrize(("limits", "pct", "indemnity"), INSURED_PCT.values(),
                         ids=INSURED_PCT.keys())
def test_the_insured_pct_follows_the_type_of_limit(limits, pct, indemnity):
    statement = statement_of_loss(claim(limits=limits))
    assert statement.insured_pct == D(pct)
    assert statement.indemnity == D(indemnity)


def test_deliveries_under_both_types_of_limit_each_take_their_own_pct():
    # X under a discretionary 20,000: 10,000 × 80 % = 8,000; Y under the insurer's 50,000:
    # min(10,000, 50,000 − 10,000) × 90 % = 9,000; 17,000 of 20,000 covered = 85 %
    limits = (limit("2025-01-01", "20000", DISCRETIONARY), limit("2025-04-01", "50000"))
    statement = statement_of_loss(claim(invoice("X", "2025-03-01", "10000"),
                                        invoice("Y", "2025-04-15", "10000"), limits=limits))
    assert statement.covered_amount == D("20000")
    assert statement.insured_share == D("17000")
    assert statement.insured_pct == D("85.00")
    assert statement.indemnity == D("17000")
