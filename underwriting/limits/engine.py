"""The instant decision on a limit request (DESIGN §5): a pure function of plain facts."""

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


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    amount: Decimal | None
    reasons: tuple[str, ...]


def decide(facts: RequestFacts) -> Decision:
    """Refuse what must be refused, refer what needs a person, otherwise grant what fits."""
    refusal = _refusal(facts)
    if refusal:
        return Decision(Outcome.REFUSED, None, refusal)
    referral = _referral(facts)
    if referral:
        return Decision(Outcome.REFERRED, None, referral)
    granted = min(facts.amount, facts.ceiling, facts.capacity_left)
    if granted <= 0:
        return Decision(Outcome.REFUSED, None, ("CLF",))
    if granted < facts.amount:
        return Decision(Outcome.PARTIAL, granted, ("CLF",))
    return Decision(Outcome.APPROVED, granted, ())


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
    )
    return tuple(code for failed, code in checks if failed)
