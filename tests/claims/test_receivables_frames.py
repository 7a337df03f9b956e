"""The ledger's pure figures: bucket edges day by day, and the deadline offsets giving, for
every line, the very dates the indemnity engine gives for that invoice."""

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest

from claims.indemnity import Invoice, mep_expiry, notification_deadline
from claims.receivables import frames
from claims.receivables.frames import DeadlineOffsets
from underwriting.policies.terms import PolicyTerms

AS_OF = dt.date(2026, 3, 2)


def lines_due(*days_late: int) -> pd.DataFrame:
    """One line of 1.00 per number of days past due, each for a buyer of its own."""
    day = frames.day_number(AS_OF)
    return pd.DataFrame({
        "buyer_id": list(range(1, len(days_late) + 1)),
        "invoice_number": [f"N-{late}" for late in days_late],
        "invoice_day": [day - late - 30 for late in days_late],
        "delivery_day": [day - late - 30 for late in days_late],
        "due_day": [day - late for late in days_late], "amount": [100] * len(days_late)})


def test_each_bucket_starts_and_ends_where_it_says():
    days_late = (-10, 0, 1, 30, 31, 60, 61, 90, 91, 400)
    aged = frames.ageing(lines_due(*days_late), frames.day_number(AS_OF))
    bucket_of = {late: next(name for name in frames.BUCKETS if aged.loc[n + 1, name] == 100)
                 for n, late in enumerate(days_late)}
    assert bucket_of == {-10: "not_due", 0: "not_due", 1: "1-30", 30: "1-30", 31: "31-60",
                         60: "31-60", 61: "61-90", 90: "61-90", 91: "over_90",
                         400: "over_90"}
    assert aged["open_balance"].tolist() == [100] * len(days_late)


@pytest.mark.parametrize("changes", [{}, {"max_extension_period_days": 90},
                                     {"notification_deadline_days": 10,
                                      "max_extension_period_days": 30}])
def test_the_offsets_give_the_engines_dates(changes):
    terms = PolicyTerms().amended(**changes)
    offsets = DeadlineOffsets.of(terms)
    for due in (dt.date(2025, 12, 31), dt.date(2026, 2, 28), dt.date(2028, 2, 29)):
        invoice = Invoice(number="N", invoice_date=due - dt.timedelta(days=45),
                          delivery_date=due, due_date=due, amount=Decimal("10.00"))
        assert frames.day_of(frames.day_number(due) + offsets.mep_expiry) == mep_expiry(
            invoice, terms)
        assert frames.day_of(frames.day_number(due) + offsets.notification_deadline) == (
            notification_deadline(invoice, terms))
    assert offsets.max_credit_days == terms.max_credit_period_days


def test_a_deadline_is_warned_from_fourteen_days_ahead_to_its_day():
    # MEP 60 days: lines due so that their MEP expires 15, 14, 0 and -1 days from AS_OF,
    # i.e. due 60 − left days ago
    offsets = DeadlineOffsets.of(PolicyTerms())
    lines = lines_due(*(60 - left for left in (15, 14, 0, -1)))
    found = frames.warnings(lines, frames.day_number(AS_OF), offsets, pd.Series(dtype="int64"),
                            pd.Series([False] * 4).to_numpy())
    mep = found[found["kind"] == "mep_expiry"]
    assert mep["days_left"].tolist() == [14, 0]
