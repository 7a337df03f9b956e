"""Four eyes on large claims: at or above the installation's amount, the claims handler who
approves a claim is not the one who assessed it. The amount is a setting the portal reads and
passes in; the rule knows nothing of where it came from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from claims.models import Claim
from core.actor import Actor
from core.errors import Forbidden
from core.money import format_money

DEFAULT_AMOUNT = Decimal("25000.00")
"""In the policy's currency, whatever that is."""


class FourEyes(Forbidden):
    """The assessor tried to approve a claim that needs a second handler."""

    code = "four_eyes"


@dataclass(frozen=True)
class Approval:
    """Who may approve an assessed claim."""

    needs_second_handler: bool
    assessed_by: int | None
    amount: Decimal

    def allows(self, user_id: int | None) -> bool:
        return not (self.needs_second_handler and user_id == self.assessed_by)


def approval(claim: Claim, amount: Decimal = DEFAULT_AMOUNT) -> Approval:
    """At or above `amount`, a handler other than the assessor approves. A claim the system
    assessed (no person) needs only one handler's eyes to approve it: the handler's own."""
    large = claim.indemnity is not None and claim.indemnity >= amount
    return Approval(needs_second_handler=large and claim.assessed_by is not None,
                    assessed_by=claim.assessed_by, amount=amount)


def check(claim: Claim, actor: Actor, amount: Decimal = DEFAULT_AMOUNT) -> None:
    """Refuse the assessor's own approval of a claim at or above `amount`."""
    if not approval(claim, amount).allows(actor.user_id):
        raise FourEyes(
            f"An indemnity of {format_money(claim.indemnity or Decimal(0), claim.currency)} "
            f"{claim.currency} is at or above {format_money(amount, claim.currency)} "
            f"{claim.currency}: a claims "
            "handler other than the one who assessed it approves it.")
