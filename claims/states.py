"""The states of collection cases, disputes and claims, and the moves allowed between them.

Each machine is data: an enum of states and a table of (state, action) -> next state. The one
`transition()` refuses any other move with `InvalidTransition` (409) and records the audit row
in the same transaction as the change.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from core import audit, outbox
from core.actor import Actor
from core.errors import InvalidTransition
from core.outbox import EventType


class CaseStatus(enum.StrEnum):
    OPEN = "open"          # collecting
    CLAIMED = "claimed"    # a claim is in progress on the case
    CLOSED = "closed"      # paid in full, or settled by a paid claim


class DisputeStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class DisputeOutcome(enum.StrEnum):
    OWED = "owed"            # the buyer was wrong: the amount is owed and back in the case
    NOT_OWED = "not_owed"    # the buyer was right: the amount is no longer owed


class ClaimStatus(enum.StrEnum):
    OPEN = "open"
    ASSESSED = "assessed"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"


class Stateful(Protocol):
    status: Any

    @property
    def id(self) -> Any: ...

    @property
    def insured_id(self) -> Any: ...


@dataclass(frozen=True)
class Machine:
    name: str
    moves: Mapping[tuple[enum.Enum, str], enum.Enum]
    event: EventType | None = None
    """The outbox event each move records, for machines whose moves the insured hears of."""

    @property
    def actions(self) -> frozenset[str]:
        return frozenset(action for _state, action in self.moves)

    def allows(self, state: enum.Enum, action: str) -> bool:
        return (state, action) in self.moves

    def check(self, entity: Stateful, action: str) -> enum.Enum:
        """The state `action` leads to from where `entity` is, or `InvalidTransition`."""
        target = self.moves.get((entity.status, action))
        if target is None:
            raise InvalidTransition(
                f"A {self.name.replace('_', ' ')} that is {entity.status.value} cannot be "
                f"{_past(action)}."
            )
        return target

    def transition(
        self, session: Session, entity: Stateful, action: str, *, actor: Actor,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """Move `entity` by `action`, or refuse; the audit row records who, from what, to what."""
        before = entity.status
        target = self.check(entity, action)
        entity.status = target
        audit.record(session, actor, f"{self.name}.{action}", entity,
                     insured_id=entity.insured_id, before={"status": before},
                     after={"status": target, **(detail or {})})
        if self.event is not None:
            outbox.record(session, self.event, entity.insured_id, {
                "id": entity.id, "status": target, "previous_status": before, "action": action,
                **(detail or {})}, object_type=self.name, object_id=entity.id)


def _past(action: str) -> str:
    irregular = {"pay": "paid", "reopen": "reopened", "close": "closed"}
    return irregular.get(action, action + ("d" if action.endswith("e") else "ed"))


CASE = Machine("collection_case", {
    (CaseStatus.OPEN, "claim"): CaseStatus.CLAIMED,
    (CaseStatus.OPEN, "close"): CaseStatus.CLOSED,
    (CaseStatus.CLAIMED, "reopen"): CaseStatus.OPEN,    # the claim was rejected
    (CaseStatus.CLAIMED, "close"): CaseStatus.CLOSED,   # the claim was paid
})

DISPUTE = Machine("dispute", {
    (DisputeStatus.OPEN, "resolve"): DisputeStatus.RESOLVED,
})

CLAIM = Machine("claim", {
    (ClaimStatus.OPEN, "assess"): ClaimStatus.ASSESSED,
    (ClaimStatus.ASSESSED, "assess"): ClaimStatus.ASSESSED,   # again, on newer facts
    (ClaimStatus.ASSESSED, "approve"): ClaimStatus.APPROVED,
    (ClaimStatus.OPEN, "reject"): ClaimStatus.REJECTED,
    (ClaimStatus.ASSESSED, "reject"): ClaimStatus.REJECTED,
    (ClaimStatus.APPROVED, "pay"): ClaimStatus.PAID,
}, event=EventType.CLAIM_STATUS_CHANGED)
