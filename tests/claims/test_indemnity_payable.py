"""Statement of loss, steps 4 to 6: threshold, insured % and deductions, aggregate first loss and
maximum liability; rounding; the JSON. Figures worked out by hand in the comments."""

from __future__ import annotations

import json
from typing import get_type_hints

import pytest

from claims.indemnity import PolicyYearToDate, statement_of_loss
from claims.indemnity.lines import StoredLine
from claims.indemnity.statement import MONEY, StoredStatement
from tests.claims.indemnity_world import D, claim, invoice, paid
from underwriting.policies.terms import DeductibleOrder

PCT_THEN = DeductibleOrder.PCT_THEN_DEDUCT
DEDUCT_THEN = DeductibleOrder.DEDUCT_THEN_PCT


def loss_of(amount, currency="EUR", **changes):
    """One invoice of `amount`, all of it owed and covered (the limit is 100,000)."""
    return statement_of_loss(claim(invoice("INV-1", "2025-03-01", amount), currency=currency,
                                   **changes))


THRESHOLD = {
    "below": ("9999", True, "0"),   # 9,999 ≤ 10,000: nothing payable
    "at": ("10000", True, "0"),     # 10,000 ≤ 10,000: nothing payable
    "above": ("10001", False, "9000.90"),  # the whole 10,001 qualifies: × 90 % = 9,000.90
}


@pytest.mark.parametrize(("owed", "applied", "indemnity"), THRESHOLD.values(),
                         ids=THRESHOLD.keys())
def test_the_threshold_is_a_franchise(owed, applied, indemnity):
    statement = loss_of(owed, terms={"threshold": D("10000")})
    assert statement.threshold_applied is applied
    assert statement.indemnity == D(indemnity)


# covered 80,000 at 90 %: insured share 72,000, uninsured share 8,000
DEDUCTIONS = {
    # 72,000 − 1,000 = 71,000; the insured keeps 8,000 + 1,000
    "pct_then_deduct": (PCT_THEN, "1000", "0", "71000", "1000", "9000"),
    # (80,000 − 1,000) × 90 % = 71,100; 72,000 − 71,100 = 900 off the share; keeps 8,900
    "deduct_then_pct": (DEDUCT_THEN, "1000", "0", "71100", "900", "8900"),
    # retention the greater of 10,000 and 8,000: 80,000 − 10,000 = 70,000
    "retention_above_uninsured": (PCT_THEN, "0", "10000", "70000", "2000", "10000"),
    # retention the greater of 5,000 and 8,000: 72,000, nothing more off
    "retention_below_uninsured": (PCT_THEN, "0", "5000", "72000", "0", "8000"),
    # 80,000 × 90 % = 72,000 would leave 8,000 < 10,000: 80,000 − 10,000 = 70,000
    "deduct_then_pct_retention_above": (DEDUCT_THEN, "0", "10000", "70000", "2000", "10000"),
    "deduct_then_pct_retention_below": (DEDUCT_THEN, "0", "5000", "72000", "0", "8000"),
    # keeps the greater of 8,000 + 1,000 and 5,000 = 9,000: 71,000
    "deductible_and_small_retention": (PCT_THEN, "1000", "5000", "71000", "1000", "9000"),
    # keeps the greater of 8,000 + 1,000 and 10,000 = 10,000: 70,000
    "deductible_and_large_retention": (PCT_THEN, "1000", "10000", "70000", "2000", "10000"),
    # 71,100 would leave 8,900 < 10,000: 80,000 − 10,000 = 70,000
    "deduct_then_pct_both": (DEDUCT_THEN, "1000", "10000", "70000", "2000", "10000"),
    # a deductible above the share leaves nothing, never less
    "deductible_above_share": (PCT_THEN, "100000", "0", "0", "72000", "80000"),
    "deductible_above_covered": (DEDUCT_THEN, "100000", "0", "0", "72000", "80000"),
}


@pytest.mark.parametrize(("order", "deductible", "retention_floor", "indemnity", "deduction",
                          "retention"), DEDUCTIONS.values(), ids=DEDUCTIONS.keys())
def test_deductible_and_minimum_retention(
    order, deductible, retention_floor, indemnity, deduction, retention
):
    statement = loss_of("80000", terms={
        "deductible_order": order, "deductible_per_buyer": D(deductible),
        "minimum_retention": D(retention_floor)})
    assert statement.insured_share == D("72000")
    assert statement.deduction == D(deduction)
    assert statement.retention == D(retention)
    assert statement.indemnity_before_aggregate == D(indemnity)
    assert statement.indemnity == D(indemnity)


# covered 80,000 × 90 % = 72,000 before the aggregate first loss
YEAR_CAPS = {
    # AFL 20,000 of which 15,000 absorbed earlier: 5,000 left; 72,000 − 5,000 = 67,000
    "afl_partly_absorbed": ({"aggregate_first_loss": D("20000")},
                            {"aggregate_first_loss_absorbed": D("15000")}, "5000", "0", "67000"),
    "afl_used_up_earlier": ({"aggregate_first_loss": D("20000")},
                            {"aggregate_first_loss_absorbed": D("20000")}, "0", "0", "72000"),
    "afl_bigger_than_claim": ({"aggregate_first_loss": D("100000")}, {}, "72000", "0", "0"),
    # 100,000 a year, 40,000 paid: 60,000 left; 72,000 − 60,000 = 12,000 cut
    "max_liability_absolute": ({"max_liability": D("100000")},
                               {"indemnity_paid": D("40000")}, "0", "12000", "60000"),
    # premium 2,000 is trued up to the 5,000 minimum: × 30 = 150,000; 100,000 paid: 50,000
    "max_liability_premium_multiple": ({}, {"indemnity_paid": D("100000"),
                                            "premium": D("2000")}, "0", "22000", "50000"),
    # premium 6,000 × 30 = 180,000; 100,000 paid: 80,000 left, 72,000 fits
    "premium_multiple_not_reached": ({}, {"indemnity_paid": D("100000"),
                                          "premium": D("6000")}, "0", "0", "72000"),
    # AFL first: 72,000 − 20,000 = 52,000, then within the 60,000 left (not 60,000 − 20,000)
    "afl_then_max_liability": ({"aggregate_first_loss": D("20000"),
                                "max_liability": D("100000")},
                               {"indemnity_paid": D("40000")}, "20000", "0", "52000"),
    "max_liability_used_up": ({"max_liability": D("100000")},
                              {"indemnity_paid": D("120000")}, "0", "72000", "0"),
}


@pytest.mark.parametrize(("terms", "year", "absorbed", "cut", "indemnity"),
                         YEAR_CAPS.values(), ids=YEAR_CAPS.keys())
def test_aggregate_first_loss_then_maximum_liability(terms, year, absorbed, cut, indemnity):
    statement = loss_of("80000", terms=terms, year=PolicyYearToDate(**year))
    assert statement.indemnity_before_aggregate == D("72000")
    assert statement.aggregate_first_loss_absorbed == D(absorbed)
    assert statement.max_liability_cap_applied == D(cut)
    assert statement.indemnity == D(indemnity)


ROUNDING = {
    # 1,000.05 × 90 % = 900.045: half-up 900.05 (half-even would say 900.04)
    "eur_half_up": ("EUR", "1000.05", {}, "900.05"),
    # ¥12,345 × 90 % = 11,110.5: ¥11,111
    "jpy_no_decimals": ("JPY", "12345", {}, "11111"),
    # (¥12,345 − 1,000) × 90 % = 10,210.5: ¥10,211
    "jpy_deduct_then_pct": ("JPY", "12345", {"deductible_order": DEDUCT_THEN,
                                             "deductible_per_buyer": D("1000")}, "10211"),
    # 1,000.005 KWD × 90 % = 900.0045: 900.005
    "kwd_three_decimals": ("KWD", "1000.005", {}, "900.005"),
    # 1,000.05 × 80 % (discretionary) would be exact; 1,000.05 − 0.01 then × 90 % = 900.036:
    # 900.04
    "eur_deduct_then_pct": ("EUR", "1000.05", {"deductible_order": DEDUCT_THEN,
                                               "deductible_per_buyer": D("0.01")}, "900.04"),
}


@pytest.mark.parametrize(("currency", "owed", "terms", "indemnity"), ROUNDING.values(),
                         ids=ROUNDING.keys())
def test_money_is_rounded_once_half_up_to_the_minor_unit(currency, owed, terms, indemnity):
    statement = loss_of(owed, currency, terms=terms)
    assert statement.indemnity == D(indemnity)
    assert statement.to_json()["indemnity"] == indemnity


def test_vat_on_a_partly_paid_invoice_is_rounded_on_its_line():
    # 100.00 incl. 19.00 VAT, 33.33 paid: 66.67 owed carries 66.67 × 19 / 100 = 12.6673 → 12.67
    # VAT; 54.00 × 90 % = 48.60
    facts = claim(invoice("INV-1", "2025-03-01", "100.00", vat="19.00"),
                  settlements=(paid("33.33", "2025-07-01"),))
    statement = statement_of_loss(facts)
    assert statement.invoices[0].vat_excluded == D("12.67")
    assert statement.net_outstanding == D("54.00")
    assert statement.indemnity == D("48.60")


def test_the_json_has_what_the_api_promises():
    payload = json.loads(json.dumps(loss_of("80000", terms={"deductible_per_buyer": D("1000")})
                                    .to_json()))
    assert {"invoices", "net_outstanding", "applicable_limit", "covered_amount", "insured_pct",
            "deduction", "indemnity", "date_of_loss"} <= payload.keys()
    assert payload["date_of_loss"] == "2025-11-26"
    assert payload["net_outstanding"] == "80000.00"
    assert payload["applicable_limit"] == "100000.00"
    assert payload["insured_pct"] == "90"
    assert payload["deduction"] == "1000.00"
    assert payload["indemnity"] == "71000.00"  # 80,000 × 90 % = 72,000 − 1,000
    line = payload["invoices"][0]
    assert line["eligible"] is True
    assert line["reasons"] == []
    assert line["covered_amount"] == "80000.00"


def test_the_json_says_why_an_invoice_is_out():
    statement = loss_of("80000", terms={"max_credit_period_days": 60})  # terms are 90 days
    reasons = statement.to_json()["invoices"][0]["reasons"]
    assert reasons == [{"code": "terms_over_mct", "excludes": True, "text":
                        "Payment terms of 90 days exceed the maximum credit period of 60 days."}]


def test_the_stored_statement_is_the_shape_it_declares_with_every_amount_named():
    stored = loss_of("80000").to_json()
    assert list(stored) == list(StoredStatement.__annotations__)
    assert list(stored["invoices"][0]) == list(StoredLine.__annotations__)
    assert [name for name in stored if name in MONEY] == list(MONEY)
    assert {name for name, kind in get_type_hints(StoredStatement).items()
            if kind is str and name not in MONEY} == {
        "currency", "cause", "notified_on", "stop_date", "insured_pct", "deductible_order"}
