"""A collection case as a person reads it: stage, invoices and balances, the timeline, its
claims, and the deadlines with warnings. The API and the pages show the same view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.cases import Balances, balances, get_case
from claims.deadlines import Deadline, case_deadlines, warnings
from claims.models import Claim, CollectionCase
from core.actor import Actor
from core.clock import today


@dataclass(frozen=True)
class CaseView:
    case: CollectionCase
    balances: Balances
    deadlines: list[Deadline]
    claims: list[Claim]

    @property
    def warnings(self) -> list[Deadline]:
        return warnings(self.deadlines)

    @property
    def timeline(self) -> list[Any]:
        return list(self.case.events)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.case, name)  # the case's own columns


def case_view(session: Session, case_id: int, *, actor: Actor) -> CaseView:
    case = get_case(session, case_id, actor=actor)
    claims = list(session.scalars(select(Claim).where(Claim.case_id == case.id)
                                  .order_by(Claim.id)))
    return CaseView(case, balances(case), case_deadlines(session, case, today()), claims)
