"""The instant decision on a limit request (docs/domain.md §5): a pure function of plain facts."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal


class Outcome(enum.StrEnum):
    APPROVED = "approved"
    PARTIAL = "partial"
    REFUSED = "refused"
    REFERRED = "referred"


@dataclass(frozen=True)
class RequestFacts:
    """Everything the engine looks at; amounts in the policy's currency."""

    amount: Decimal
    payment_terms_days: int
    max_credit_period_days: int
    has_comment: bool
    grade: int | None
    insolvent: bool
    ceased_trading: bool
    ceiling: Decimal
    capacity_left: Decimal
    convertible: bool = True  # the policy currency has a reference rate
    overdue: bool = False  # the insured has notified an overdue on the buyer, still open
    held: Decimal = Decimal(0)  # the insured's own insurer limit in force, part of the exposure
    reduction_pending: bool = False  # the insurer's reduction of that limit waits for its date

    @property
    def room(self) -> Decimal:
        """Capacity for this request: what is left, plus what the insured itself holds (an
        increase replaces its own limit, it does not add to it)."""
        return self.capacity_left + self.held


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    amount: Decimal | None
    reasons: tuple[str, ...]


def decide(facts: RequestFacts) -> Decision:
    """Refuse what must be refused, refer what needs a person, otherwise grant what was asked.

    Capacity is never granted in part at once: a partial equal to what is left would tell the
    insured, to the cent, what other insureds hold on the buyer. A shortfall is referred (CLF),
    as is an amount above the grade's automatic ceiling (ACE), so every instant grant is whole.
    """
    refusal = _refusal(facts)
    if refusal:
        return Decision(Outcome.REFUSED, None, refusal)
    referral = _referral(facts)
    if referral:
        return Decision(Outcome.REFERRED, None, referral)
    return Decision(Outcome.APPROVED, facts.amount, ())


def _refusal(facts: RequestFacts) -> tuple[str, ...]:
    reasons = []
    if facts.insolvent:
        reasons.append("INS")
    if facts.ceased_trading:
        reasons.append("CTR")
    if facts.grade is not None and facts.grade >= 9:
        reasons.append("GRD")
    return tuple(reasons)


def _referral(facts: RequestFacts) -> tuple[str, ...]:
    checks = (
        (facts.grade is None, "UNG"),
        (not facts.convertible, "UWD"),
        (facts.payment_terms_days > facts.max_credit_period_days, "MCT"),
        (facts.has_comment, "CMT"),
        (facts.overdue, "PAY"),
        (facts.grade is not None and facts.grade >= 7, "WCH"),
        (facts.amount > facts.ceiling, "ACE"),
        (facts.reduction_pending, "RED"),
        (facts.amount > facts.room, "CLF"),
    )
    return tuple(code for failed, code in checks if failed)
