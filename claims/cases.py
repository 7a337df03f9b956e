"""Collection cases: finding them, their balances, their timeline, and closing one that is
paid in full."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from buyers_db.signals import buyer_changed
from claims.indemnity import SettlementKind, allocate
from claims.loader import case_invoices, case_settlements, in_dispute, not_owed
from claims.models import CaseEvent, CaseInvoice, CollectionCase
from claims.states import CASE, CaseStatus
from core.actor import Actor
from core.tenancy import owned_or_404

ZERO = Decimal(0)


def get_case(session: Session, case_id: int, *, actor: Actor) -> CollectionCase:
    return owned_or_404(session.get(CollectionCase, case_id), actor, "Collection case")


def lock_case(session: Session, case_id: int, *, actor: Actor) -> CollectionCase:
    """The case, held for this transaction: two payments on one case never read the same
    balance. PostgreSQL locks the row; on SQLite a read FOR UPDATE takes the write lock."""
    session.execute(select(CollectionCase.id).where(CollectionCase.id == case_id)
                    .with_for_update())
    case = get_case(session, case_id, actor=actor)
    session.refresh(case)
    return case


def cases_query(
    *, buyer_id: int | None = None, status: CaseStatus | None = None
) -> Select[tuple[CollectionCase]]:
    """Cases, newest first; the tenant filter narrows them to what the scope may see."""
    query = select(CollectionCase).order_by(CollectionCase.notified_on.desc(),
                                            CollectionCase.id.desc())
    if buyer_id is not None:
        query = query.where(CollectionCase.buyer_id == buyer_id)
    if status is not None:
        query = query.where(CollectionCase.status == status)
    return query


@dataclass(frozen=True)
class InvoiceBalance:
    """A notified invoice as it stands."""

    row: CaseInvoice
    settled: Decimal
    """Payments and credit notes applied to it, oldest invoice first."""
    in_dispute: Decimal
    not_owed: Decimal
    outstanding: Decimal
    """Still owed, the part in dispute included."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)  # number, dates, amount, issues, currency


@dataclass(frozen=True)
class Balances:
    currency: str
    invoiced: Decimal
    paid: Decimal
    credited: Decimal
    in_dispute: Decimal
    not_owed: Decimal
    outstanding: Decimal
    unapplied: Decimal
    """Money received beyond every open amount (a credit balance)."""
    invoices: tuple[InvoiceBalance, ...]


def balances(case: CollectionCase) -> Balances:
    """Every payment and credit note recorded, applied oldest invoice first (domain §6.2)."""
    allocation = allocate(case_invoices(case), case_settlements(case), None)
    lines = []
    for row in case.invoices:
        gone = not_owed(row, case.disputes)
        settled = allocation.applied.get(row.number, ZERO)
        lines.append(InvoiceBalance(
            row=row, settled=settled,
            in_dispute=in_dispute(row, case.disputes), not_owed=gone,
            outstanding=row.amount - gone - settled))
    total = {kind: sum((s.amount for s in case.settlements if s.kind is kind), ZERO)
             for kind in SettlementKind}
    return Balances(
        currency=case.currency, invoiced=sum((row.amount for row in case.invoices), ZERO),
        paid=total[SettlementKind.PAYMENT], credited=total[SettlementKind.CREDIT_NOTE],
        in_dispute=sum((line.in_dispute for line in lines), ZERO),
        not_owed=sum((line.not_owed for line in lines), ZERO),
        outstanding=sum((line.outstanding for line in lines), ZERO),
        unapplied=allocation.unapplied, invoices=tuple(lines),
    )


def add_event(
    session: Session, case: CollectionCase, on: dt.date, kind: str, detail: str = "",
    amount: Decimal | None = None,
) -> CaseEvent:
    event = CaseEvent(insured_id=case.insured_id, case=case, on=on, kind=kind, detail=detail,
                      amount=amount)
    session.add(event)
    return event


def close_if_paid(session: Session, case: CollectionCase, *, actor: Actor, day: dt.date) -> bool:
    """A collecting case with nothing left owed closes; True when it did."""
    if case.status is not CaseStatus.OPEN or balances(case).outstanding > 0:
        return False
    CASE.transition(session, case, "close", actor=actor, detail={"closed_on": day})
    case.closed_on = day
    add_event(session, case, day, "closed", "Paid in full.")
    buyer_changed.send(session, buyer_ids=[case.buyer_id])  # settled in time, it stops counting
    return True
