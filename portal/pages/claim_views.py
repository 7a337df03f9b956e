"""What the case and claim pages read: rows with the names people recognise (buyer, policy,
insured), balances, and the claims handler's work queue ordered by deadline. Writing goes
through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from buyers_db.models import Buyer
from claims import four_eyes
from claims.assessment import claims_query
from claims.cases import Balances, balances, cases_query
from claims.deadlines import case_deadlines, warnings
from claims.models import Claim, CollectionCase
from claims.states import CaseStatus, ClaimStatus
from core.accounts.models import Insured, User
from core.actor import Actor
from core.clock import today
from portal.database import db
from underwriting.limits.changes import limits_query
from underwriting.limits.models import CreditLimit
from underwriting.policies import Policy

MOST_ROWS = 200


@dataclass(frozen=True)
class Row:
    """A case or a claim with its names (and a case's balances)."""

    item: Any
    buyer: str
    policy: str
    insured: str
    balances: Balances | None = None


def _names(items: list[Any]) -> list[Row]:
    buyers = _lookup(Buyer, Buyer.name, {i.buyer_id for i in items})
    policies = _lookup(Policy, Policy.number, {i.policy_id for i in items})
    insureds = _lookup(Insured, Insured.name, {i.insured_id for i in items})
    return [Row(i, buyers.get(i.buyer_id, ""), policies.get(i.policy_id, ""),
                insureds.get(i.insured_id, ""),
                balances(i) if isinstance(i, CollectionCase) else None) for i in items]


def _lookup(model: Any, column: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(select(model.id, column).where(model.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


def case_rows(status: CaseStatus | None = None) -> list[Row]:
    """Cases the actor may see, newest first, with names and balances."""
    return _names(list(db.session.scalars(cases_query(status=status).limit(MOST_ROWS))))


def claim_rows(status: ClaimStatus | None = None, case_id: int | None = None) -> list[Row]:
    query = claims_query(status=status, case_id=case_id).limit(MOST_ROWS)
    return _names(list(db.session.scalars(query)))


def names_of(item: CollectionCase | Claim) -> Row:
    return _names([item])[0]


def buyers_to_report() -> list[tuple[int, str]]:
    """The buyers the insured holds or held a limit on: the usual buyers of an overdue."""
    query = limits_query(include_ended=True).with_only_columns(
        CreditLimit.buyer_id).order_by(None).distinct()  # PostgreSQL: no ORDER BY on DISTINCT
    ids = set(db.session.scalars(query))
    return sorted(_lookup(Buyer, Buyer.name, ids).items(), key=lambda pair: pair[1])


@dataclass(frozen=True)
class WorkItem:
    """One thing a claims handler must do, by when."""

    due: dt.date
    action: str
    """assess, decide (approve or reject), pay, or a case deadline's kind."""
    row: Row
    claim: Claim | None = None
    case_id: int | None = None
    amount: Decimal | None = None
    note: str = ""
    invoice_number: str | None = None
    missed: bool = False

    @property
    def days_left(self) -> int:
        return (self.due - today()).days


CLAIM_ACTIONS = {ClaimStatus.OPEN: "assess", ClaimStatus.ASSESSED: "decide",
                 ClaimStatus.APPROVED: "pay"}


def work_queue() -> list[WorkItem]:
    """Claims to assess, decide and pay, and the deadlines on collecting cases that are missed
    or near, soonest first."""
    items = [_claim_item(row) for row in _names(list(db.session.scalars(
        select(Claim).where(Claim.status.in_(list(CLAIM_ACTIONS))).limit(MOST_ROWS))))]
    day = today()
    for row in case_rows(CaseStatus.OPEN):
        for deadline in warnings(case_deadlines(db.session, row.item, day)):
            items.append(WorkItem(due=deadline.date, action=deadline.kind, row=row,
                                  case_id=row.item.id, invoice_number=deadline.invoice_number,
                                  missed=deadline.met is False))
    return sorted(items, key=lambda item: (item.due, item.action))


def _claim_item(row: Row) -> WorkItem:
    claim: Claim = row.item
    action = CLAIM_ACTIONS[claim.status]
    # An open claim is due for assessment by its filing deadline at the latest; an assessed
    # one as soon as possible (from its assessment); an approved one by its payable date.
    due = {"assess": claim.filed_on, "decide": claim.assessed_on or claim.filed_on,
           "pay": claim.payable_by or claim.filed_on}[action]
    return WorkItem(due=due, action=action, row=row, claim=claim, case_id=claim.case_id,
                    amount=claim.indemnity)


def open_counts() -> dict[str, int]:
    """Cases still collecting and claims not yet settled, of what the actor may see."""
    session = db.session
    return {
        "open_cases": session.scalar(select(func.count()).select_from(CollectionCase).where(
            CollectionCase.status != CaseStatus.CLOSED)) or 0,
        "open_claims": session.scalar(select(func.count()).select_from(Claim).where(
            Claim.status.in_([ClaimStatus.OPEN, ClaimStatus.ASSESSED,
                              ClaimStatus.APPROVED]))) or 0,
    }


@dataclass(frozen=True)
class ApprovalView:
    """Who assessed the claim, who approved it, and who may approve it now."""

    assessed_by: str | None
    approved_by: str | None
    needs_second_handler: bool
    amount: Decimal
    actor_may_approve: bool


def approval_of(claim: Claim, amount: Decimal, actor: Actor) -> ApprovalView:
    rule = four_eyes.approval(claim, amount)
    people = _lookup(User, func.coalesce(func.nullif(User.full_name, ""), User.email),
                     {i for i in (claim.assessed_by, claim.approved_by) if i is not None})
    return ApprovalView(
        assessed_by=people.get(claim.assessed_by) if claim.assessed_by else None,
        approved_by=people.get(claim.approved_by) if claim.approved_by else None,
        needs_second_handler=rule.needs_second_handler, amount=amount,
        actor_may_approve=rule.allows(actor.user_id))
