"""Every (state, action) pair of every machine (collection cases, disputes, claims, limit
requests, credit limits): the allowed moves land where the table says, with an audit row that
carries what else the move changed; every other pair is refused and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from claims.states import CASE, CLAIM, DISPUTE, CaseStatus, ClaimStatus, DisputeStatus
from core.actor import SYSTEM
from core.audit import AuditEntry
from core.errors import InvalidTransition
from core.tenancy import Scope, tenant_scope
from underwriting.limits.models import LimitStatus, RequestStatus
from underwriting.limits.states import LIMIT, REQUEST

MACHINES = [(CASE, CaseStatus), (DISPUTE, DisputeStatus), (CLAIM, ClaimStatus),
            (REQUEST, RequestStatus), (LIMIT, LimitStatus)]
PAIRS = [(machine, state, action) for machine, states in MACHINES
         for state in states for action in sorted(machine.actions)]

EXPECTED = {
    ("collection_case", "open", "claim"): "claimed",
    ("collection_case", "open", "close"): "closed",
    ("collection_case", "claimed", "reopen"): "open",
    ("collection_case", "claimed", "close"): "closed",
    ("dispute", "open", "resolve"): "resolved",
    ("dispute", "open", "carry_over"): "carried_over",
    ("claim", "open", "assess"): "assessed",
    ("claim", "assessed", "assess"): "assessed",
    ("claim", "assessed", "approve"): "approved",
    ("claim", "open", "reject"): "rejected",
    ("claim", "assessed", "reject"): "rejected",
    ("claim", "approved", "pay"): "paid",
    ("limit_request", "referred", "approve"): "approved",
    ("limit_request", "referred", "approve_in_part"): "partial",
    ("limit_request", "referred", "refuse"): "refused",
    ("credit_limit", "active", "increase"): "active",
    ("credit_limit", "active", "reduce"): "active",
    ("credit_limit", "active", "decrease"): "active",
    ("credit_limit", "active", "change"): "active",
    ("credit_limit", "active", "cancel"): "cancelled",
    ("credit_limit", "active", "withdraw"): "withdrawn",
    ("credit_limit", "withdrawn", "withdraw"): "withdrawn",
    ("credit_limit", "active", "lapse"): "lapsed",
    ("credit_limit", "withdrawn", "regrant"): "active",
    ("credit_limit", "cancelled", "regrant"): "active",
}
THING_ID = 4242


@dataclass
class Thing:
    id: int
    insured_id: int | None
    status: Any


def test_the_tables_are_the_moves_this_test_expects():
    found = {(m.name, s.value, a): t.value for m, _ in MACHINES for (s, a), t in m.moves.items()}
    assert found == EXPECTED


@pytest.mark.parametrize(("machine", "state", "action"), PAIRS,
                         ids=[f"{m.name}:{s.value}:{a}" for m, s, a in PAIRS])
def test_every_state_and_action(session, world, machine, state, action):
    thing = Thing(id=THING_ID, insured_id=world.a.insured.id, status=state)
    target = EXPECTED.get((machine.name, state.value, action))
    with tenant_scope(Scope.everyone()):
        if target is None:
            with pytest.raises(InvalidTransition, match=state.value):
                machine.transition(session, thing, action, actor=SYSTEM)
            assert thing.status is state
            return
        machine.transition(session, thing, action, actor=SYSTEM, before={"amount": "1.00"},
                           detail={"amount": "2.00"})
        session.flush()
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == THING_ID)).one()
    assert thing.status.value == target
    assert (entry.action, entry.before, entry.after) == (
        f"{machine.name}.{action}", {"amount": "1.00", "status": state.value},
        {"status": target, "amount": "2.00"})
