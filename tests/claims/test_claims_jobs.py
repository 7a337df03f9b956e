"""The daily claims jobs: the collection ladder by date, and claims opened on the date of loss
when money is still owed. Running a day again changes nothing.

X: 20,000 invoiced 5 Jan 2026 at 30 days, due 4 Feb; the date of loss (+180 days) is 3 Aug
2026 and the claim filing deadline (+180 days) 30 Jan 2027."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claims import collection
from claims.jobs import advance_collection, open_claims_on_loss
from claims.models import Claim
from claims.states import CaseStatus
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import D, covered_buyer, day, inv, notify, on_day
from tests.factories import audit_count

X = inv("X", "2026-01-05", "20000", terms=30)


def run(session, job, tenant, on):
    with on_day(on), tenant_scope(Scope.insured(tenant.insured.id)):
        summary = job(session, day(on), tenant.insured.id)
        session.commit()
    return summary


@pytest.fixture
def case(session, world):
    buyer = covered_buyer(session, world.a)
    return notify(session, world.a, buyer, X, on="2026-03-10").case


def stages(case):
    return [(event.on.isoformat(), event.detail) for event in case.events if event.kind == "stage"]


def test_the_case_climbs_the_ladder_day_by_day(session, world, case):
    assert run(session, advance_collection, world.a, "2026-03-16") == "0 collection steps taken"
    run(session, advance_collection, world.a, "2026-03-17")  # 7 days: reminder
    assert (case.stage.value, case.stage_since) == ("reminder", day("2026-03-17"))
    # a day missed until 30 Apr (51 days): call (15), formal demand (30), legal (45), each dated
    run(session, advance_collection, world.a, "2026-04-30")
    assert stages(case) == [("2026-03-17", "reminder"), ("2026-03-25", "call"),
                            ("2026-04-09", "formal_demand"), ("2026-04-24", "legal")]
    before = audit_count(session)
    assert run(session, advance_collection, world.a, "2026-04-30") == "0 collection steps taken"
    assert audit_count(session) == before


def test_a_claim_opens_on_the_date_of_loss_and_only_once(session, world, case):
    assert run(session, open_claims_on_loss, world.a, "2026-08-02").startswith("0 ")
    assert run(session, open_claims_on_loss, world.a, "2026-08-03").startswith("1 ")
    with tenant_scope(Scope.everyone()):
        claim = session.scalars(select(Claim)).one()
    assert (claim.date_of_loss, claim.filed_on, claim.filing_deadline, claim.filed_by) == (
        day("2026-08-03"), day("2026-08-03"), day("2027-01-30"), None)
    assert case.status is CaseStatus.CLAIMED
    before = audit_count(session)
    assert run(session, open_claims_on_loss, world.a, "2026-08-03").startswith("0 ")
    assert run(session, open_claims_on_loss, world.a, "2026-08-04").startswith("0 ")
    assert audit_count(session) == before


def test_no_claim_when_nothing_is_owed_or_all_is_disputed(session, world, case):
    other = covered_buyer(session, world.a, name="Disputing Buyer")
    disputed = notify(session, world.a, other, X, on="2026-03-10").case
    with on_day("2026-05-01"), tenant_scope(Scope.insured(world.a.insured.id)):
        actor = world.a.user.as_actor()
        collection.record_payment(session, case.id, actor=actor, amount=D("20000"),
                                  received_on=day("2026-05-01"))
        collection.open_dispute(session, disputed.id, actor=actor, invoice_number="X",
                                amount=D("20000"), reason="Wrong goods")
        session.commit()
    assert case.status is CaseStatus.CLOSED
    assert run(session, open_claims_on_loss, world.a, "2026-12-31").startswith("0 ")


def test_another_tenants_cases_are_not_touched(session, world, case):
    assert run(session, advance_collection, world.b, "2026-12-31") == "0 collection steps taken"
    assert run(session, open_claims_on_loss, world.b, "2026-12-31").startswith("0 ")
    assert case.stage is None and case.status is CaseStatus.OPEN
