"""State machines as data: an enum of states and a table of (state, action) -> next state.

The one `transition()` refuses any other move with `InvalidTransition` (409) and records the
audit row in the same transaction as the change. Every domain with a status uses it: collection
cases, disputes and claims; limit requests and credit limits.
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
from core.plain import Document


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
                f"{past(action)}."
            )
        return target

    def transition(
        self, session: Session, entity: Stateful, action: str, *, actor: Actor,
        detail: Document | None = None, before: Document | None = None,
    ) -> None:
        """Move `entity` by `action`, or refuse; the audit row records who, from what, to what.
        `before` and `detail` add what else the move changed to the audit row's two sides."""
        status = entity.status
        target = self.check(entity, action)
        entity.status = target
        audit.record(session, actor, f"{self.name}.{action}", entity,
                     insured_id=entity.insured_id, before={**(before or {}), "status": status},
                     after={"status": target, **(detail or {})})
        if self.event is not None:
            outbox.record(session, self.event, entity.insured_id, {
                "id": entity.id, "status": target, "previous_status": status, "action": action,
                **(detail or {})}, object_type=self.name, object_id=entity.id)


_IRREGULAR = {"pay": "paid", "reopen": "reopened", "close": "closed", "decrease": "decreased",
              "increase": "increased", "lapse": "lapsed", "expire": "expired",
              "refer": "referred", "regrant": "granted again",
              "approve_in_part": "approved in part", "carry_over": "carried over"}


def past(action: str) -> str:
    """The action's past participle, for the refusal's message."""
    return _IRREGULAR.get(action, action + ("d" if action.endswith("e") else "ed"))
