"""Each event of the contract, made to happen for tenant a through the services that record it:
`arrange` brings the world to the moment before (its own events are delivered and forgotten
first), `happen` makes the change whose event is then watched for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from core.tenancy import Scope, tenant_scope
from tests import endpoint_objects as made_for
from tests.claims.claims_world import on_day
from tests.endpoint_objects import TODAY, Making
from tests.limits_world import graded_buyer


@dataclass(frozen=True)
class Happening:
    arrange: Callable[[Making], Any]
    happen: Callable[[Making, Any], None]


def _committed(made: Making, scope: Scope, change: Callable[[], Any]) -> Any:
    with on_day(TODAY), tenant_scope(scope):
        result = change()
        made.session.commit()
    return result


def _request(made: Making, buyer_id: int) -> Any:
    from underwriting.limits.requests import request_limit

    a = made.world.a
    return _committed(made, Scope.insured(a.insured.id), lambda: request_limit(
        made.session, actor=a.user.as_actor(), policy_id=a.policy.id, buyer_id=buyer_id,
        amount=Decimal("1000"), payment_terms_days=30))


def _reduce(made: Making, limit_id: int) -> None:
    from underwriting.limits.changes import reduce_limit

    _committed(made, Scope.everyone(), lambda: reduce_limit(
        made.session, limit_id, actor=made.world.underwriter.as_actor(), amount=Decimal("500"),
        reason_codes=["RED"]))


def _watched_buyer(made: Making) -> int:
    from underwriting.watchlist import watch

    buyer = graded_buyer(made.session, grade=1, insolvent=True, name="Watched Falling AG")
    a = made.world.a
    _committed(made, Scope.insured(a.insured.id),
               lambda: watch(made.session, buyer.id, actor=a.user.as_actor()))
    return buyer.id


def _regrade(made: Making, buyer_id: int) -> None:
    from underwriting.grading.runs import grade

    _, changed = _committed(made, Scope.everyone(), lambda: grade(
        made.session, as_of=dt.date.fromisoformat(TODAY), buyer_ids=[buyer_id]))
    assert changed == 1


def _filing_deadline(made: Making) -> tuple[int, dt.date]:
    from claims.deadlines import case_deadlines
    from claims.models import CollectionCase

    case_id = made_for.case(made, made.world.a)
    with tenant_scope(Scope.everyone()):
        case = made.session.get(CollectionCase, case_id)
        assert case is not None
        [deadline] = [d for d in case_deadlines(made.session, case, dt.date.fromisoformat(TODAY))
                      if d.kind == "claim_filing_deadline"]
    return case_id, deadline.date


def _remind(made: Making, arranged: tuple[int, dt.date]) -> None:
    from claims.reminders import remind_deadlines

    a = made.world.a
    with tenant_scope(Scope.insured(a.insured.id)):
        summary = remind_deadlines(made.session, arranged[1] - dt.timedelta(days=14),
                                   a.insured.id)
        made.session.commit()
    assert summary == "1 deadline reminders"


def _climb(made: Making, case_id: int) -> None:
    from claims.jobs import advance_collection

    a = made.world.a
    with tenant_scope(Scope.insured(a.insured.id)):
        summary = advance_collection(made.session, dt.date(2026, 2, 28), a.insured.id)
        made.session.commit()
    assert summary == "1 collection steps taken", summary


def _assess(made: Making, claim_id: int) -> None:
    from claims.assessment import assess

    _committed(made, Scope.everyone(), lambda: assess(
        made.session, claim_id, actor=made.world.claims_handler.as_actor()))


def _staff_writes(made: Making, case_id: int) -> None:
    from claims.desk.messages import write_message

    _committed(made, Scope.everyone(), lambda: write_message(
        made.session, "case", case_id, actor=made.world.claims_handler.as_actor(),
        body="Please send the signed delivery notes."))


HAPPENINGS: dict[str, Happening] = {
    "limit.decided": Happening(lambda m: graded_buyer(m.session, name="Decided AG").id,
                               _request),
    "limit.changed": Happening(lambda m: _request(m, graded_buyer(
        m.session, name="Reduced AG").id).credit_limit_id, _reduce),
    "buyer.grade_changed": Happening(_watched_buyer, _regrade),
    "deadline.approaching": Happening(_filing_deadline, _remind),
    "case.stage_changed": Happening(lambda m: made_for.case(m, m.world.a), _climb),
    "claim.status_changed": Happening(lambda m: made_for.claim(m, m.world.a), _assess),
    "message.written": Happening(lambda m: made_for.case(m, m.world.a), _staff_writes),
    "premium.invoiced": Happening(lambda m: None,
                                  lambda m, _: made_for.premium_invoice(m, m.world.a) and None),
}
