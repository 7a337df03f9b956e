"""Properties of the statement of loss over generated claims (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.indemnity import (
    ClaimFacts,
    Invoice,
    LimitVersion,
    LossCause,
    LossEvent,
    PolicyYearToDate,
    RecoveryBasis,
    Settlement,
    split_recovery,
    statement_of_loss,
)
from tests.claims.indemnity_world import YEAR
from underwriting.limits.models import LimitType
from underwriting.policies.terms import DeductibleOrder, PolicyTerms, RecoverySharing

CENT = Decimal("0.01")


def dates(first: str, last: str) -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date.fromisoformat(first), dt.date.fromisoformat(last))


def money(most: int, least: int = 0) -> st.SearchStrategy[Decimal]:
    return st.integers(least * 100, most * 100).map(lambda cents: Decimal(cents) * CENT)


def sometimes(most: int) -> st.SearchStrategy[Decimal]:
    """Zero half the time: most claims meet no threshold, AFL or payments before."""
    return st.just(Decimal(0)) | money(most)


@st.composite
def invoices(draw: st.DrawFn, number: int, first: dt.date) -> Invoice:
    issued = first + dt.timedelta(days=draw(st.integers(0, 60)))
    amount = draw(money(200_000, 1))
    vat = draw(st.sampled_from(["0", "0.2"]))
    disputed = draw(st.sampled_from([Decimal(0), Decimal(0), amount / 4]))
    return Invoice(
        f"INV-{number}", issued, issued + dt.timedelta(days=draw(st.integers(0, 10))),
        issued + dt.timedelta(days=draw(st.integers(30, 130))), amount,
        (amount * Decimal(vat)).quantize(CENT), disputed.quantize(CENT),
        draw(st.integers(0, 9)) == 0,
    )


@st.composite
def terms(draw: st.DrawFn) -> PolicyTerms:
    return PolicyTerms(
        insured_pct_insurer_limit=Decimal(draw(st.integers(50, 100))),
        insured_pct_discretionary=Decimal(draw(st.integers(50, 100))),
        threshold=draw(sometimes(20_000)), deductible_per_buyer=draw(sometimes(5_000)),
        minimum_retention=draw(sometimes(20_000)),
        deductible_order=draw(st.sampled_from(list(DeductibleOrder))),
        vat_covered=draw(st.booleans()), aggregate_first_loss=draw(sometimes(50_000)),
        max_liability=draw(st.none() | money(300_000, 1_000)),
    )


@st.composite
def claims(draw: st.DrawFn) -> ClaimFacts:
    count = draw(st.integers(1, 4))
    first = draw(dates("2025-01-01", "2025-09-30"))
    bills = tuple(draw(invoices(n, first)) for n in range(count))
    first_due = min(bill.due_date for bill in bills)
    kind = draw(st.sampled_from(list(LimitType)))
    since = st.one_of(dates("2024-06-01", "2024-12-31"), dates("2025-01-01", "2025-12-31"))
    limits = draw(st.lists(st.builds(LimitVersion, since, money(150_000, 1), st.just(kind)),
                           min_size=1, max_size=3))
    insolvency = first_due + dt.timedelta(days=draw(st.integers(0, 200)))
    return ClaimFacts(
        currency="EUR", period=YEAR, terms=draw(terms()),
        invoices=bills, notified_on=first_due + dt.timedelta(days=draw(st.integers(-20, 100))),
        loss=draw(st.sampled_from([LossEvent(LossCause.PROTRACTED_DEFAULT),
                                   LossEvent(LossCause.INSOLVENCY, insolvency)])),
        limits=tuple(limits),
        settlements=tuple(draw(st.lists(st.builds(
            Settlement, money(100_000, 1), dates("2025-01-01", "2026-06-30")), max_size=3))),
        year=PolicyYearToDate(draw(sometimes(100_000)), draw(sometimes(50_000)),
                              draw(money(10_000))),
    )


@settings(max_examples=150, deadline=None, database=None)
@given(claims())
def test_the_indemnity_stays_within_what_is_covered_and_owed(facts):
    statement = statement_of_loss(facts)
    assert 0 <= statement.indemnity <= statement.covered_amount <= statement.net_outstanding
    assert statement.net_outstanding <= statement.total_debt <= statement.gross_outstanding
    assert statement.indemnity == statement.indemnity.quantize(CENT)
    assert statement.covered_amount <= statement.applicable_limit


@settings(max_examples=150, deadline=None, database=None)
@given(claims(), st.sampled_from(["1", "1.5", "3"]), money(50_000))
def test_a_higher_limit_never_lowers_the_indemnity(facts, factor, extra):
    assert isinstance(facts.limits, tuple)
    higher = tuple(dataclasses.replace(row, amount=row.amount * Decimal(factor) + extra)
                   for row in facts.limits)
    before = statement_of_loss(facts).indemnity
    after = statement_of_loss(dataclasses.replace(facts, limits=higher)).indemnity
    assert after >= before


@settings(max_examples=100, deadline=None, database=None)
@given(claims(), money(100_000, 1), st.sampled_from(list(RecoverySharing)), money(100_000))
def test_a_recovery_split_adds_up_and_never_returns_more_than_was_paid(
    facts, amount, sharing, before
):
    statement = statement_of_loss(facts)
    split = split_recovery(amount, RecoveryBasis.of(statement), sharing,
                           insurer_recovered_before=before)
    assert split.insurer_share + split.insured_share == amount
    assert 0 <= split.insurer_share <= max(Decimal(0), statement.indemnity - before)
    assert split.insured_share >= 0
