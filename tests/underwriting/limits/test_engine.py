"""The instant decision, rule by rule (docs/domain.md §5)."""

from dataclasses import replace
from decimal import Decimal

import pytest

from underwriting.limits.capacity import capacity_eur, ceiling_eur, from_eur, to_eur
from underwriting.limits.engine import Outcome, RequestFacts, decide
from underwriting.limits.sizing import suggested_limit

SOUND = RequestFacts(
    amount=Decimal("100000"), payment_terms_days=60, max_credit_period_days=120,
    has_comment=False, grade=3, insolvent=False, ceased_trading=False,
    ceiling=Decimal("500000"), capacity_left=Decimal("800000"),
)


@pytest.mark.parametrize(("change", "outcome", "amount", "reasons"), [
    ({}, Outcome.APPROVED, "100000", ()),
    ({"insolvent": True}, Outcome.REFUSED, None, ("INS",)),
    ({"ceased_trading": True}, Outcome.REFUSED, None, ("CTR",)),
    ({"grade": 9}, Outcome.REFUSED, None, ("GRD",)),
    ({"grade": 10, "insolvent": True}, Outcome.REFUSED, None, ("INS", "GRD")),
    ({"payment_terms_days": 121}, Outcome.REFERRED, None, ("MCT",)),
    ({"payment_terms_days": 120}, Outcome.APPROVED, "100000", ()),
    ({"has_comment": True}, Outcome.REFERRED, None, ("CMT",)),
    ({"grade": 7}, Outcome.REFERRED, None, ("WCH",)),
    ({"grade": 8}, Outcome.REFERRED, None, ("WCH",)),
    ({"grade": None}, Outcome.REFERRED, None, ("UNG",)),
    ({"amount": Decimal("500000.01")}, Outcome.REFERRED, None, ("ACE",)),
    ({"amount": Decimal("500000")}, Outcome.APPROVED, "500000", ()),
    # Capacity is never granted in part at once (that would disclose it): referred instead.
    ({"capacity_left": Decimal("60000")}, Outcome.REFERRED, None, ("CLF",)),
    ({"capacity_left": Decimal("0")}, Outcome.REFERRED, None, ("CLF",)),
    ({"capacity_left": Decimal("99999.99")}, Outcome.REFERRED, None, ("CLF",)),
    ({"capacity_left": Decimal("100000")}, Outcome.APPROVED, "100000", ()),
    # An increase counts the insured's own limit as room: it replaces it.
    ({"capacity_left": Decimal("60000"), "held": Decimal("40000")}, Outcome.APPROVED, "100000",
     ()),
    ({"capacity_left": Decimal("60000"), "held": Decimal("39999.99")}, Outcome.REFERRED, None,
     ("CLF",)),
    ({"reduction_pending": True, "held": Decimal("50000")}, Outcome.REFERRED, None, ("RED",)),
    ({"convertible": False}, Outcome.REFERRED, None, ("UWD",)),
    ({"overdue": True}, Outcome.REFERRED, None, ("PAY",)),
    ({"has_comment": True, "payment_terms_days": 180, "grade": 8}, Outcome.REFERRED, None,
     ("MCT", "CMT", "WCH")),
])
def test_each_rule(change, outcome, amount, reasons):
    decision = decide(replace(SOUND, **change))
    assert decision.outcome is outcome
    assert decision.amount == (Decimal(amount) if amount else None)
    assert decision.reasons == reasons


def test_an_instant_decision_is_whole_or_none():
    for left in ("0", "1", "59999.99", "99999.99", "100000", "800000"):
        for ceiling in ("50000", "100000", "500000"):
            decision = decide(replace(SOUND, capacity_left=Decimal(left),
                                      ceiling=Decimal(ceiling)))
            assert decision.outcome is not Outcome.PARTIAL
            assert decision.amount in (None, SOUND.amount)


def test_capacity_falls_as_the_grade_worsens_and_is_small_without_financials():
    revenue = Decimal(10_000_000)
    shares = [capacity_eur(grade, revenue) for grade in range(1, 11)]
    assert shares == sorted(shares, reverse=True) and shares[-1] == 0
    assert capacity_eur(3, None) == Decimal(50_000) and capacity_eur(9, None) == 0
    assert capacity_eur(None, revenue) == 0
    assert ceiling_eur(1) > ceiling_eur(6) > 0 == ceiling_eur(7)


def test_conversions_round_down_to_the_minor_unit():
    assert from_eur(Decimal("1000"), "JPY") == Decimal("162000")
    assert from_eur(Decimal("0.333"), "USD") == Decimal("0.35")  # 0.35964 down
    assert to_eur(Decimal("108"), "USD") == Decimal("100")


@pytest.mark.parametrize(("turnover", "days", "limit"), [
    ("1200000", 60, "198000"),   # 197,260.27 up to the next thousand
    ("365000", 30, "30000"),     # exactly 30,000
    ("1000", 1, "1000"),
    ("0", 90, "0"),
])
def test_the_sizing_helper_rounds_up_to_the_next_thousand(turnover, days, limit):
    assert suggested_limit(Decimal(turnover), days) == Decimal(limit)
