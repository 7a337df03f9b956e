"""Steps 4 to 6 of the statement of loss: from the covered amount to what is paid.

Each money figure is rounded once, half-up, to the currency's minor unit where it is produced;
the next step starts from the rounded figure, so the printed statement adds up line by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claims.indemnity.facts import ZERO, PolicyYearToDate
from core.money import round_money
from underwriting.policies.terms import DeductibleOrder, PolicyTerms


@dataclass(frozen=True)
class Payable:
    threshold_applied: bool
    """The loss did not qualify: net outstanding was above zero but at or below the threshold."""
    insured_share: Decimal
    """Covered amount × insured % (per line, by the type of limit that covered it)."""
    deduction: Decimal
    """What the deductible and the minimum retention took off the insured share."""
    retention: Decimal
    """What the insured keeps of the covered amount: covered − indemnity before aggregate."""
    indemnity_before_aggregate: Decimal
    aggregate_first_loss_absorbed: Decimal
    max_liability: Decimal
    """The policy year's cap on indemnity paid."""
    max_liability_cap_applied: Decimal
    """How much the cap took off (zero when it did not bite)."""
    indemnity: Decimal


def payable(
    terms: PolicyTerms, year: PolicyYearToDate, currency: str, *,
    net_outstanding: Decimal, covered: Decimal, exact_insured_share: Decimal,
) -> Payable:
    """Threshold as a franchise (4), insured % and deductions (5), aggregate first loss, then
    maximum liability (6). `exact_insured_share` is Σ covered × insured % before rounding."""
    cap = max_liability(terms, year, currency)
    if net_outstanding <= terms.threshold:
        return Payable(net_outstanding > 0, ZERO, ZERO, covered, ZERO, ZERO, cap, ZERO, ZERO)
    share = round_money(exact_insured_share, currency)
    before = _after_deductions(terms, currency, covered, share, exact_insured_share)
    absorbed = min(before, max(ZERO, terms.aggregate_first_loss
                               - year.aggregate_first_loss_absorbed))
    after_afl = before - absorbed
    indemnity = min(after_afl, max(ZERO, cap - year.indemnity_paid))
    return Payable(False, share, share - before, covered - before, before, absorbed, cap,
                   after_afl - indemnity, indemnity)


def _after_deductions(
    terms: PolicyTerms, currency: str, covered: Decimal, share: Decimal, exact_share: Decimal
) -> Decimal:
    """pct_then_deduct: insured share less the deductible, the insured keeping at least the
    minimum retention, which is at least the uninsured share, so the retention is
    max(uninsured share + deductible, minimum retention).

    deduct_then_pct: (covered − deductible) × insured %; that keeps more than the uninsured
    share already, and the minimum retention still holds as a floor on what the insured keeps.
    """
    deductible, floor = terms.deductible_per_buyer, terms.minimum_retention
    if terms.deductible_order == DeductibleOrder.PCT_THEN_DEDUCT:
        uninsured = covered - share
        return share - min(share, max(deductible, floor - uninsured, ZERO))
    if covered == 0:
        return ZERO
    net = round_money(exact_share * max(ZERO, covered - deductible) / covered, currency)
    return max(ZERO, min(net, covered - floor))


def max_liability(terms: PolicyTerms, year: PolicyYearToDate, currency: str) -> Decimal:
    """The absolute cap when the policy sets one; otherwise the premium multiple, on the year's
    premium, which is never less than the minimum premium (docs/domain.md §7 trues it up)."""
    if terms.max_liability is not None:
        return terms.max_liability
    premium = max(year.premium, terms.minimum_premium)
    return round_money(premium * terms.max_liability_premium_multiple, currency)
