"""Limits in force and their changes. Every change is a new version from a date, and a move
in `states.LIMIT`; nothing in the history is overwritten, so "which limit covered this delivery
on that date" always has an answer (`ledger`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TypedDict

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.orm import Session, joinedload

from core import audit, outbox, rows
from core.actor import Actor
from core.clock import today
from core.outbox import EventType
from underwriting.limits.models import (
    CreditLimit,
    CreditLimitVersion,
    LimitRequest,
    LimitStatus,
    LimitType,
)
from underwriting.limits.states import LIMIT
from underwriting.policies.models import Policy

LIMIT_FIELDS = ("type", "status", "amount", "currency", "effective_from", "expires_on",
                "max_payment_terms_days")


def held_limits(session: Session, policy_id: int, buyer_id: int) -> dict[LimitType, CreditLimit]:
    """The policy's limit on the buyer of each type, whatever its state: one row per (policy,
    buyer, type) carries the whole history (the latest row, where older data holds more)."""
    limits = session.scalars(_HELD, {"policy_id": policy_id, "buyer_id": buyer_id}).unique()
    return {limit.type: limit for limit in limits}


class StoredConditions(TypedDict, total=False):
    """`Conditions` as a limit request keeps them (JSON)."""

    max_payment_terms_days: int
    expires_on: str


@dataclass(frozen=True, slots=True)
class Conditions:
    """What the insurer attaches to a limit it grants: shorter payment terms, an expiry."""

    max_payment_terms_days: int | None = None
    expires_on: dt.date | None = None

    def to_json(self) -> StoredConditions:
        stored: StoredConditions = {}
        if self.max_payment_terms_days is not None:
            stored["max_payment_terms_days"] = self.max_payment_terms_days
        if self.expires_on is not None:
            stored["expires_on"] = self.expires_on.isoformat()
        return stored


# Read by every limit decision: built once (composing it costs more than running it).
# Its history comes in the same statement: a second one (the relationship's own loading) cost
# more in the ORM's setting up than in the database.
_HELD = select(CreditLimit).where(
    CreditLimit.policy_id == bindparam("policy_id", type_=Integer),
    CreditLimit.buyer_id == bindparam("buyer_id", type_=Integer),
).order_by(CreditLimit.id).options(joinedload(CreditLimit.versions))


def insurer_limit(session: Session, policy_id: int, buyer_id: int) -> CreditLimit | None:
    return held_limits(session, policy_id, buyer_id).get(LimitType.INSURER)


def discretionary_limit(session: Session, policy_id: int, buyer_id: int) -> CreditLimit | None:
    """The insured's own limit on the buyer, while it is active."""
    limit = held_limits(session, policy_id, buyer_id).get(LimitType.DISCRETIONARY)
    return limit if limit is not None and limit.status is LimitStatus.ACTIVE else None


def grant(
    session: Session, *, policy: Policy, buyer_id: int, amount: Decimal,
    conditions: Conditions, actor: Actor, day: dt.date, request: LimitRequest | None,
    reason_codes: list[str], held: dict[LimitType, CreditLimit] | None = None,
) -> CreditLimit:
    """The insurer decides a limit: a new one, or a new version of the one held. As much as
    in force or more applies at once; less is a reduction and waits for the notice period.
    Either supersedes a change still waiting for its date. `held` is `held_limits` when the
    caller read it already, under the buyer's lock."""
    if held is None:
        held = held_limits(session, policy.id, buyer_id)
    own = held.get(LimitType.DISCRETIONARY)
    if own is not None and own.status is LimitStatus.ACTIVE:
        lapse(session, own, actor=actor, day=day)
    limit = held.get(LimitType.INSURER)
    if limit is None:
        return _new(session, policy, buyer_id, amount, conditions, actor, day, request,
                    reason_codes)
    before = audit.snapshot(limit, *LIMIT_FIELDS)
    _decided_by(session, request, limit)
    current = limit.amount_on(day)
    if amount >= current:
        change = "granted" if current == 0 else "increased"
        add_version(session, limit, amount, day, change, actor, reason_codes, request)
    else:
        add_version(session, limit, amount, notice_date(policy, day), "reduced", actor,
                    reason_codes, request)
    limit.amount = amount
    _conditions(limit, conditions)
    ended = limit.status is not LimitStatus.ACTIVE
    action = "regrant" if ended else "increase" if amount >= current else "reduce"
    LIMIT.transition(session, limit, action, actor=actor, before=before,
                     detail=audit.snapshot(limit, *LIMIT_FIELDS[2:]))
    return limit


def _new(
    session: Session, policy: Policy, buyer_id: int, amount: Decimal,
    conditions: Conditions, actor: Actor, day: dt.date, request: LimitRequest | None,
    reason_codes: list[str],
) -> CreditLimit:
    limit = CreditLimit(
        insured_id=policy.insured_id, policy_id=policy.id, buyer_id=buyer_id,
        type=LimitType.INSURER, status=LimitStatus.ACTIVE, amount=amount,
        currency=policy.currency, effective_from=day,
    )
    _conditions(limit, conditions)
    write_new(session, limit)
    _decided_by(session, request, limit)
    add_version(session, limit, amount, day, "granted", actor, reason_codes, request)
    audit.record(session, actor, "credit_limit.grant", limit, insured_id=limit.insured_id,
                 after=audit.snapshot(limit, *LIMIT_FIELDS))
    return limit


def write_new(session: Session, limit: CreditLimit) -> CreditLimit:
    """Write a new limit's row now, its history (empty so far) loaded with it."""
    rows.insert(session, limit)
    rows.link(limit, "versions", [])
    return limit


def _conditions(limit: CreditLimit, conditions: Conditions) -> None:
    if conditions.expires_on is not None:
        limit.expires_on = conditions.expires_on
    limit.max_payment_terms_days = (conditions.max_payment_terms_days
                                    or limit.max_payment_terms_days)


def decrease(
    session: Session, limit: CreditLimit, *, amount: Decimal, actor: Actor, day: dt.date,
    request: LimitRequest | None,
) -> CreditLimit:
    """The insured asks for less than it holds: it applies at once. An insurer's reduction
    still waiting for its date to a lower amount still comes: it is restated after this."""
    before = audit.snapshot(limit, *LIMIT_FIELDS)
    waiting = limit.pending_on(day)
    _decided_by(session, request, limit)
    add_version(session, limit, amount, day, "decreased", actor, [], request)
    limit.amount = amount
    if waiting is not None and waiting.amount < amount:  # restated as its decider decided it
        _written_version(session, limit, CreditLimitVersion(
            amount=waiting.amount, effective_from=waiting.effective_from, change=waiting.change,
            reason_codes=list(waiting.reason_codes), decided_on=today(),
            decided_by=waiting.decided_by))
        limit.amount = waiting.amount
    LIMIT.transition(session, limit, "decrease", actor=actor, before=before,
                     detail={"amount": amount})
    return limit


def _decided_by(session: Session, request: LimitRequest | None, limit: CreditLimit) -> None:
    """The request names the limit it decided. One decided as it is made is written now, once,
    already pointing here, and before the version that names it."""
    if request is None:
        return
    request.credit_limit = limit
    if not rows.written(request):
        rows.insert(session, request)


def notice_date(policy: Policy, day: dt.date) -> dt.date:
    """The first delivery date an insurer's reduction or withdrawal applies to."""
    return day + dt.timedelta(days=policy.terms_on(day).terms.limit_reduction_notice_days)


def add_version(
    session: Session, limit: CreditLimit, amount: Decimal, effective_from: dt.date,
    change: str, actor: Actor, reason_codes: list[str], request: LimitRequest | None = None,
) -> CreditLimitVersion:
    """The limit's next version, decided today by `actor` (in answer to `request`, which is
    written already)."""
    return _written_version(session, limit, CreditLimitVersion(
        amount=amount, effective_from=effective_from, change=change, reason_codes=reason_codes,
        decided_on=today(), decided_by=actor.user_id, request=request,
    ))


def _written_version(
    session: Session, limit: CreditLimit, version: CreditLimitVersion
) -> CreditLimitVersion:
    """Write the version now and add it to the limit's history as loaded. Its limit is named by
    key, not by the relationship, whose other side would mark the limit as changed."""
    version.credit_limit_id, version.insured_id = limit.id, limit.insured_id
    rows.insert(session, version)
    rows.link(version, "credit_limit", limit)
    rows.link(limit, "versions", [*limit.versions, version])
    return version


def lapse(session: Session, limit: CreditLimit, *, actor: Actor, day: dt.date) -> None:
    """A discretionary limit lapses once the insurer decides any limit on that buyer."""
    before = audit.snapshot(limit, "amount")
    limit.amount = Decimal(0)
    add_version(session, limit, Decimal(0), day, "lapsed", actor, ["UWD"])
    LIMIT.transition(session, limit, "lapse", actor=actor, before=before,
                     detail={"amount": limit.amount})
    outbox.record(session, EventType.LIMIT_CHANGED, limit.insured_id,
                  {"change": "lapsed", "effective_from": day,
                   **audit.snapshot(limit, "id", "buyer_id", "policy_id", *LIMIT_FIELDS)},
                  object_type="credit_limit", object_id=limit.id)


@dataclass(frozen=True)
class Cover:
    """The limit that covered a buyer's deliveries on a date."""

    credit_limit_id: int
    type: LimitType
    amount: Decimal
    currency: str


def cover_on(session: Session, policy_id: int, buyer_id: int, day: dt.date) -> Cover | None:
    """Which limit covered deliveries to this buyer under this policy on `day` (the insurer's
    before a discretionary one), from the effective-dated history alone."""
    limits = session.scalars(select(CreditLimit).where(
        CreditLimit.policy_id == policy_id, CreditLimit.buyer_id == buyer_id)).all()
    return first_cover([Cover(limit.id, limit.type, limit.amount_on(day), limit.currency)
                        for limit in limits if limit.amount_on(day) > 0])


def first_cover(covers: list[Cover]) -> Cover | None:
    """Of the limits covering a buyer on a day, the one that applies: the insurer's before a
    discretionary one, then the larger."""
    covers = sorted(covers, key=lambda cover: (cover.type is not LimitType.INSURER,
                                               -cover.amount))
    return covers[0] if covers else None
