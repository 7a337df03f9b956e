"""Step 7: money recovered from the buyer after the claim was paid, split between insurer and
insured by the policy's sharing basis (docs/domain.md §3 `recovery_sharing`, §6.7).

Both bases divide by the total debt: everything the buyer still owed on the notified invoices
at the date of loss (`Statement.total_debt`: in or out of the claim, VAT and disputed parts
included), which is the insured's whole loss before the indemnity.

- `loss_share`: each bears the loss in its own share, and recovers in the same share. The
  insurer bore the indemnity, so it takes recovery × indemnity / total debt.
- `receivable_ratio`: the recovery is spread over the debt pro rata, and the part that falls on
  the covered debt goes to the insurer, who stands in the insured's shoes for it: the insurer
  takes recovery × covered amount / total debt.

Either way the insurer never recovers more, over all recoveries, than the indemnity it paid:
pass what it took from earlier recoveries as `insurer_recovered_before`. The insurer's share is
rounded once, half-up; the insured has the rest, so the two always add up to the recovery.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claims.indemnity.facts import ZERO
from claims.indemnity.statement import Statement
from core.money import round_money
from underwriting.policies.terms import RecoverySharing


@dataclass(frozen=True)
class RecoveryBasis:
    """The statement's figures a recovery split needs."""

    currency: str
    indemnity: Decimal
    covered_amount: Decimal
    total_debt: Decimal

    @classmethod
    def of(cls, statement: Statement) -> RecoveryBasis:
        return cls(statement.currency, statement.indemnity, statement.covered_amount,
                   statement.total_debt)


@dataclass(frozen=True)
class RecoverySplit:
    amount: Decimal
    sharing: RecoverySharing
    insurer_share: Decimal
    insured_share: Decimal


def split_recovery(
    amount: Decimal, basis: Statement | RecoveryBasis, sharing: RecoverySharing, *,
    insurer_recovered_before: Decimal = ZERO,
) -> RecoverySplit:
    if amount <= 0:
        raise ValueError("a recovery must be positive")
    figures = basis if isinstance(basis, RecoveryBasis) else RecoveryBasis.of(basis)
    insurer = min(_insurer_part(amount, figures, sharing),
                  max(ZERO, figures.indemnity - insurer_recovered_before))
    return RecoverySplit(amount, RecoverySharing(sharing), insurer, amount - insurer)


def _insurer_part(amount: Decimal, figures: RecoveryBasis, sharing: RecoverySharing) -> Decimal:
    if figures.total_debt <= 0:
        return ZERO
    loss_share = sharing == RecoverySharing.LOSS_SHARE
    borne = figures.indemnity if loss_share else figures.covered_amount
    return round_money(amount * borne / figures.total_debt, figures.currency)
