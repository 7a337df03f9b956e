"""Grade-change alerts: when a buyer's grade worsens, every insured holding a limit on it, or
watching it, is told. Connected to the grading signal where the application wires its layers;
written in the grading's own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd
from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session

from core import audit, outbox
from core.actor import INSURED_ROLES, Action, Actor, Permission
from core.clock import utcnow
from core.outbox import EventType
from core.tenancy import ACROSS_TENANTS, owned_or_404
from underwriting.limits.models import Alert, CreditLimit, LimitStatus
from underwriting.watchlist import watchers

_CHUNK = 10_000


def alert_holders(session: Session, changes: pd.DataFrame, **_: Any) -> None:
    known = changes[changes["previous_grade"].notna()]
    worse = known[known["grade"] > known["previous_grade"].astype(int)]
    if worse.empty:
        return
    moved = worse.set_index("buyer_id")
    buyer_ids = [int(i) for i in moved.index]
    for start in range(0, len(buyer_ids), _CHUNK):
        part = buyer_ids[start:start + _CHUNK]
        holders = session.execute(_holders(part), execution_options=ACROSS_TENANTS).all()
        alerts = [
            Alert(insured_id=insured_id, buyer_id=buyer_id, credit_limit_id=limit_id,
                  kind="grade_worsened", previous_grade=int(moved.at[buyer_id, "previous_grade"]),
                  grade=int(moved.at[buyer_id, "grade"]), as_of=_day(moved.at[buyer_id, "as_of"]))
            for limit_id, insured_id, buyer_id in [*holders, *_watchers(session, part, holders)]
        ]
        session.add_all(alerts)
        session.flush()
        for alert in alerts:
            outbox.record(session, EventType.BUYER_GRADE_CHANGED, alert.insured_id, {
                "buyer_id": alert.buyer_id, "alert_id": alert.id,
                "credit_limit_id": alert.credit_limit_id, "previous_grade": alert.previous_grade,
                "grade": alert.grade, "as_of": alert.as_of}, object_type="buyer",
                object_id=alert.buyer_id)


def _watchers(
    session: Session, buyer_ids: list[int], holders: Sequence[Row[tuple[int, int, int]]]
) -> list[tuple[None, int, int]]:
    """Insureds watching a buyer they hold no limit on: alerted the same, with no limit named."""
    held = {(insured_id, buyer_id) for _limit, insured_id, buyer_id in holders}
    watching = session.execute(watchers(buyer_ids), execution_options=ACROSS_TENANTS).all()
    return sorted({(None, insured_id, buyer_id) for insured_id, buyer_id in watching
                   if (insured_id, buyer_id) not in held}, key=lambda row: row[1:])


def _holders(buyer_ids: list[int]) -> Select[tuple[int, int, int]]:
    return select(CreditLimit.id, CreditLimit.insured_id, CreditLimit.buyer_id).where(
        CreditLimit.buyer_id.in_(buyer_ids), CreditLimit.status == LimitStatus.ACTIVE)


READ = Action.of("mark an alert read", *INSURED_ROLES, broker=Permission.READ)


def mark_read(session: Session, alert_id: int, *, actor: Actor) -> Alert:
    """The insured has seen the alert; another insured's is not found."""
    actor.require(READ)
    alert = owned_or_404(session.get(Alert, alert_id), actor, "Alert")
    if alert.read_at is None:
        alert.read_at = utcnow()
        audit.record(session, actor, "alert.read", alert, insured_id=alert.insured_id,
                     after={"read_at": alert.read_at})
    return alert


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else pd.Timestamp(value).date()
