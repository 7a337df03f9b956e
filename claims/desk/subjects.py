"""What a document or a message is about: a collection case or a claim, found as its reader
may see it (another tenant's is NotFound)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from claims.assessment import get_claim
from claims.cases import get_case
from core.actor import INSURED_ROLES, STAFF_ROLES, Action, Actor, Permission

READ = Action.of("read a case or a claim, its documents and messages", *INSURED_ROLES,
                 *STAFF_ROLES, broker=Permission.READ)


@dataclass(frozen=True)
class Subject:
    kind: str
    """"case" or "claim"."""
    id: int
    insured_id: int

    @property
    def columns(self) -> dict[str, int | None]:
        """The row's link to its subject and its tenant."""
        return {f"{self.kind}_id": self.id, "insured_id": self.insured_id}

    @property
    def audit_name(self) -> str:
        return "collection_case" if self.kind == "case" else "claim"


def subject(session: Session, kind: str, subject_id: int, *, actor: Actor) -> Subject:
    """The case or claim `subject_id`, if `actor` may read it."""
    actor.require(READ)
    if kind == "case":
        found: Any = get_case(session, subject_id, actor=actor)
    elif kind == "claim":
        found = get_claim(session, subject_id, actor=actor)
    else:
        raise ValueError(f"Documents and messages are on cases or claims, not {kind}.")
    return Subject(kind, found.id, found.insured_id)
