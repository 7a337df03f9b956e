"""A year replayed day by day through `run_day` (what `flask jobs run --as-of` calls) on a small
portfolio, people acting on the days the script says; every case and claim checked at the end.
The claims jobs run a second time by hand after every day, and a day on which anything happened
is run again whole: nothing changes the second time.

Limits of 100,000 from 2 Jan 2026; default terms (MEP 60, notification +30, waiting 180,
ladder 7/15/30/45). Dates by hand:
- P: 8,000 due 9 Feb; notified 20 Mar; paid 3,000 on 1 Apr and 5,000 on 15 May: closed. Legal
  on 4 May (20 Mar + 45).
- Q: 12,000 due 2 Apr and 6,000 due 30 Apr; notified 10 May; 4,000 paid 1 Jun. The job opens the
  claim on 29 Sep (2 Apr + 180): (8,000 + 6,000) × 90 % = 12,600, paid 20 Oct; 1,000 recovered
  on 15 Nov: 900 to the insurer (12,600 / 14,000).
- R: 10,000 due 19 Apr; notified 1 Jun; insolvent 20 Jun; filed 25 Jun: 9,000, paid 10 Jul.
- S: 5,000 due 1 May; notified 10 Jun; 2,000 disputed 15 Jun; 3,000 paid 1 Jul; the dispute
  found not owed on 1 Aug: closed.
- U: 4,000 due 19 Feb; notified 25 May, after its 21 May deadline; the job opens the claim on
  18 Aug (19 Feb + 180); nothing is insured; rejected 25 Aug; the case collects again.
- T (the other insured): 7,000 due 17 Mar; notified 1 Apr; the job opens the claim on 13 Sep.
"""

from __future__ import annotations

import datetime as dt
import gc

import pytest
from sqlalchemy import select

from buyers_db.services import add_event
from claims import assessment, collection, filing, recoveries
from claims.indemnity import LossCause
from claims.jobs import advance_collection, open_claims_on_loss
from claims.models import Claim, CollectionCase
from claims.notifications import OverdueInvoice, notify_overdue
from claims.states import DisputeOutcome
from core.actor import SYSTEM
from core.tenancy import Scope, tenant_scope
from portal.jobs import run_day
from tests.claims.claims_world import D, covered_buyer, day, inv, on_day
from tests.factories import audit_count

START, END = dt.date(2026, 1, 3), dt.date(2026, 12, 31)


def _notify(buyer, *invoices, tenant="a"):
    def act(session, world, cases):
        who = getattr(world, tenant)
        made = notify_overdue(session, actor=who.user.as_actor(), policy_id=who.policy.id,
                              buyer_id=cases[buyer],
                              invoices=[OverdueInvoice(**raw) for raw in invoices])
        cases[buyer] = made.case_id
    return (tenant, act)


def _insured(service, buyer, **kwargs):
    return ("a", lambda s, w, cases: service(s, cases[buyer], actor=w.a.user.as_actor(),
                                             **kwargs))


def _handler(service, buyer, **kwargs):
    def act(session, world, cases):
        claim = session.scalar(select(Claim).where(Claim.case_id == cases[buyer])
                               .order_by(Claim.id.desc()))
        service(session, claim.id, actor=world.claims_handler.as_actor(), **kwargs)
    return ("staff", act)


def _file(buyer):
    return ("a", lambda s, w, cases: filing.file_claim(
        s, actor=w.a.user.as_actor(), case_id=cases[buyer], cause=LossCause.INSOLVENCY))


SCRIPT = {
    "2026-03-20": [_notify("P", inv("P-1", "2026-01-10", "8000", terms=30))],
    "2026-04-01": [_insured(collection.record_payment, "P", amount=D(3000),
                            received_on=day("2026-04-01")),
                   _notify("T", inv("T-1", "2026-02-15", "7000", terms=30), tenant="b")],
    "2026-05-10": [_notify("Q", inv("Q-1", "2026-02-01", "12000"),
                           inv("Q-2", "2026-03-01", "6000"))],
    "2026-05-15": [_insured(collection.record_payment, "P", amount=D(5000),
                            received_on=day("2026-05-15"))],
    "2026-05-25": [_notify("U", inv("U-1", "2026-01-20", "4000", terms=30))],
    "2026-06-01": [_insured(collection.record_payment, "Q", amount=D(4000),
                            received_on=day("2026-06-01")),
                   _notify("R", inv("R-1", "2026-03-05", "10000", terms=45))],
    "2026-06-10": [_notify("S", inv("S-1", "2026-04-01", "5000", terms=30))],
    "2026-06-15": [_insured(collection.open_dispute, "S", invoice_number="S-1",
                            amount=D(2000), reason="Two pallets missing")],
    "2026-06-20": [("staff", lambda s, w, cases: add_event(
        s, s.get(CollectionCase, cases["R"]).buyer_id, actor=SYSTEM, type="insolvency",
        date=day("2026-06-20")))],
    "2026-06-25": [_file("R")],
    "2026-07-01": [_insured(collection.record_payment, "S", amount=D(3000),
                            received_on=day("2026-07-01")),
                   _handler(assessment.assess, "R"), _handler(assessment.approve, "R")],
    "2026-07-10": [_handler(assessment.pay, "R", paid_on=day("2026-07-10"))],
    "2026-08-01": [("a", lambda s, w, cases: collection.resolve_dispute(
        s, cases["S"], _dispute_of(s, cases["S"]), actor=w.a.user.as_actor(),
        outcome=DisputeOutcome.NOT_OWED))],
    "2026-08-25": [_handler(assessment.assess, "U"),
                   _handler(assessment.reject, "U", reason="Notified after the deadline.")],
    "2026-10-05": [_handler(assessment.assess, "Q"), _handler(assessment.approve, "Q")],
    "2026-10-20": [_handler(assessment.pay, "Q", paid_on=day("2026-10-20"))],
    "2026-11-15": [_handler(recoveries.record_recovery, "Q", amount=D(1000),
                            received_on=day("2026-11-15"))],
}


def _dispute_of(session, case_id):
    return session.get(CollectionCase, case_id).disputes[0].id


@pytest.fixture
def settled_heap():
    """Keep the collector off the objects made before the year begins (the app, the schema,
    every module): a year of job steps makes and drops many sessions, and each full collection
    would walk them all again."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


def test_a_year_of_days(app, session, world, settled_heap):
    cases = {name: covered_buyer(session, world.b if name == "T" else world.a,
                                 name=f"Buyer {name}").id for name in "PQRSTU"}
    the_day = START
    while the_day <= END:
        text = the_day.isoformat()
        with on_day(text):
            for tenant, act in SCRIPT.get(text, []):
                scope = (Scope.everyone() if tenant == "staff"
                         else Scope.insured(getattr(world, tenant).insured.id))
                with tenant_scope(scope):
                    act(session, world, cases)
                    session.commit()
            outcomes = run_day(app, the_day)
            assert {o.status for o in outcomes} == {"done"}
            before = audit_count(session)
            if text in SCRIPT or any(not o.summary.startswith("0 ") for o in outcomes
                                     if o.job != "housekeeping"):
                assert {o.status for o in run_day(app, the_day)} == {"skipped"}
            _jobs_again(session, world, the_day)
            assert audit_count(session) == before, f"{text} changed on a second run"
        the_day += dt.timedelta(days=1)
    _check_the_year(session, cases)


def _jobs_again(session, world, the_day):
    for tenant in (world.a, world.b):
        with tenant_scope(Scope.insured(tenant.insured.id)):
            assert advance_collection(session, the_day, tenant.insured.id).startswith("0 ")
            assert open_claims_on_loss(session, the_day, tenant.insured.id).startswith("0 ")
            session.commit()


def _check_the_year(session, cases):
    session.expire_all()
    with tenant_scope(Scope.everyone()):
        found = {name: _summary(session, case_id) for name, case_id in cases.items()}
    assert found == {
        "P": ("closed", "legal", "2026-05-15", []),
        "Q": ("closed", "legal", "2026-10-20",
              [("paid", "protracted_default", "2026-09-29", "2026-09-29", "12600.00", None)]),
        "R": ("closed", "call", "2026-07-10",
              [("paid", "insolvency", "2026-06-20", "2026-06-25", "9000.00", None)]),
        "S": ("closed", "legal", "2026-08-01", []),
        "T": ("claimed", "legal", None,
              [("open", "protracted_default", "2026-09-13", "2026-09-13", None, None)]),
        "U": ("open", "legal", None,
              [("rejected", "protracted_default", "2026-08-18", "2026-08-18", "0.00",
                "Notified after the deadline.")]),
    }
    with tenant_scope(Scope.everyone()):
        q = session.scalar(select(Claim).where(Claim.case_id == cases["Q"]))
        assert [(r.insurer_share, r.insured_share) for r in q.recoveries] == [
            (D("900.00"), D("100.00"))]
        p = session.get(CollectionCase, cases["P"])
        assert [(e.on.isoformat(), e.kind, e.detail) for e in p.events if e.kind != "payment"] \
            == [("2026-03-20", "notified", "1 invoices, 8000.00 EUR."),
                ("2026-03-27", "stage", "reminder"), ("2026-04-04", "stage", "call"),
                ("2026-04-19", "stage", "formal_demand"), ("2026-05-04", "stage", "legal"),
                ("2026-05-15", "closed", "Paid in full.")]


def _summary(session, case_id):
    case = session.get(CollectionCase, case_id)
    claims = session.scalars(select(Claim).where(Claim.case_id == case_id)).all()
    return (case.status.value, case.stage.value if case.stage else None,
            case.closed_on.isoformat() if case.closed_on else None,
            [(c.status.value, c.cause.value, c.date_of_loss.isoformat(),
              c.filed_on.isoformat(), None if c.indemnity is None else f"{c.indemnity:.2f}",
              c.rejection_reason) for c in claims])
