"""Claims: filed on insolvency, flagged when late, assessed into a stored statement, approved,
rejected with reasons, paid; the policy year's aggregate first loss and maximum liability
across claims; recoveries split by the policy's basis. Figures by hand in the comments.

X: 20,000 invoiced 5 Jan 2026 at 30 days, due 4 Feb; the buyer's limit is 100,000 unless told.
"""

from __future__ import annotations

import dataclasses

import pytest

from claims import assessment, collection, filing, recoveries
from claims.indemnity import LossCause
from claims.states import CaseStatus, ClaimStatus
from core.errors import InvalidTransition, RuleViolation
from core.tenancy import Scope, tenant_scope
from tests.claims.claims_world import D, covered_buyer, day, insolvent, inv, notify, on_day
from tests.factories import make_policy
from underwriting.premium.declarations import declare_turnover

X = inv("X", "2026-01-05", "20000", terms=30)


def as_(session, tenant, who, service, *args, on, **kwargs):
    """`who` ('user' of the tenant, or a staff User) calls `service` on day `on`; committed."""
    person = getattr(tenant, who) if isinstance(who, str) else who
    scope = Scope.insured(tenant.insured.id) if isinstance(who, str) else Scope.everyone()
    with on_day(on), tenant_scope(scope):
        made = service(session, *args, actor=person.as_actor(), **kwargs)
        session.commit()
    return made


def insolvency_case(session, world, tenant=None, limit="100000", on="2026-05-20",
                    invoice=X, name=""):
    tenant = tenant or world.a
    buyer = covered_buyer(session, tenant, amount=limit, name=name)
    case = notify(session, tenant, buyer, invoice, on="2026-03-01").case
    insolvent(session, buyer, on)
    return case


def settle(session, world, claim, tenant=None, on="2026-06-10"):
    """Assess, approve and pay `claim`."""
    handler = world.claims_handler
    tenant = tenant or world.a
    for step in (assessment.assess, assessment.approve):
        as_(session, tenant, handler, step, claim.id, on=on)
    return as_(session, tenant, handler, assessment.pay, claim.id, on=on, paid_on=day(on))


def test_an_insolvency_claim_from_filing_to_payment(session, world):
    case = insolvency_case(session, world)
    claim = as_(session, world.a, "user", filing.file_claim, on="2026-06-10", case_id=case.id,
                cause=LossCause.INSOLVENCY)
    # date of loss: the insolvency, 20 May; filing deadline + 180 days: 16 Nov
    assert (claim.date_of_loss, claim.filing_deadline, claim.filed_late) == (
        day("2026-05-20"), day("2026-11-16"), False)
    assert case.status is CaseStatus.CLAIMED
    handler = world.claims_handler
    assessed = as_(session, world.a, handler, assessment.assess, claim.id, on="2026-06-10")
    # 20,000 × 90 % = 18,000
    assert (assessed.net_outstanding, assessed.covered_amount, assessed.indemnity) == (
        D("20000"), D("20000"), D("18000"))
    assert assessed.statement["indemnity"] == "18000.00"
    assert assessed.statement["invoices"][0]["eligible"] is True
    approved = as_(session, world.a, handler, assessment.approve, claim.id, on="2026-06-11")
    assert (approved.status, approved.payable_by) == (ClaimStatus.APPROVED, day("2026-07-11"))
    paid = as_(session, world.a, handler, assessment.pay, claim.id, on="2026-06-20",
               paid_on=day("2026-06-19"))
    assert (paid.status, paid.paid_amount) == (ClaimStatus.PAID, D("18000"))
    assert case.status is CaseStatus.CLOSED and case.closed_on == day("2026-06-19")


def test_a_claim_filed_after_the_deadline_is_flagged_not_refused(session, world):
    # insolvent 10 Jan: the deadline is 9 Jul; filed 10 Jul
    case = insolvency_case(session, world, on="2026-01-10")
    claim = as_(session, world.a, "user", filing.file_claim, on="2026-07-10", case_id=case.id,
                cause=LossCause.INSOLVENCY)
    assert (claim.filing_deadline, claim.filed_late) == (day("2026-07-09"), True)


def test_a_claim_needs_its_loss(session, world):
    buyer = covered_buyer(session, world.a)
    case = notify(session, world.a, buyer, X, on="2026-03-01").case
    with pytest.raises(RuleViolation, match="insolvency"):
        as_(session, world.a, "user", filing.file_claim, on="2026-06-10", case_id=case.id,
            cause=LossCause.INSOLVENCY)
    session.rollback()
    # protracted default: due 4 Feb + 180 days = 3 Aug
    with pytest.raises(RuleViolation, match="2026-08-03"):
        as_(session, world.a, "user", filing.file_claim, on="2026-08-02", case_id=case.id,
            cause=LossCause.PROTRACTED_DEFAULT)
    session.rollback()
    claim = as_(session, world.a, "user", filing.file_claim, on="2026-08-03", case_id=case.id,
                cause=LossCause.PROTRACTED_DEFAULT)
    assert claim.date_of_loss == day("2026-08-03")


def test_a_rejected_claim_gives_the_case_back_to_collection(session, world):
    case = insolvency_case(session, world)
    claim = as_(session, world.a, "user", filing.file_claim, on="2026-06-10", case_id=case.id,
                cause=LossCause.INSOLVENCY)
    with pytest.raises(RuleViolation):
        as_(session, world.a, world.claims_handler, assessment.reject, claim.id,
            on="2026-06-11", reason="  ")
    session.rollback()
    rejected = as_(session, world.a, world.claims_handler, assessment.reject, claim.id,
                   on="2026-06-11", reason="Goods were never delivered.")
    assert (rejected.status, rejected.rejection_reason) == (ClaimStatus.REJECTED,
                                                            "Goods were never delivered.")
    assert case.status is CaseStatus.OPEN
    again = as_(session, world.a, "user", filing.file_claim, on="2026-06-12", case_id=case.id,
                cause=LossCause.INSOLVENCY)
    assert again.id != claim.id


def test_approval_waits_for_a_fresh_assessment_when_the_facts_moved(session, world):
    case = insolvency_case(session, world)
    claim = as_(session, world.a, "user", filing.file_claim, on="2026-06-10", case_id=case.id,
                cause=LossCause.INSOLVENCY)
    as_(session, world.a, world.claims_handler, assessment.assess, claim.id, on="2026-06-10")
    # a payment received before the insolvency, recorded after the assessment
    as_(session, world.a, "user", collection.record_payment, case.id, on="2026-06-11",
        amount=D("2000"), received_on=day("2026-05-01"))
    with pytest.raises(InvalidTransition, match=r"16200\.00"):  # 18,000 × 90 %
        as_(session, world.a, world.claims_handler, assessment.approve, claim.id,
            on="2026-06-11")
    session.rollback()
    as_(session, world.a, world.claims_handler, assessment.assess, claim.id, on="2026-06-11")
    approved = as_(session, world.a, world.claims_handler, assessment.approve, claim.id,
                   on="2026-06-11")
    assert approved.indemnity == D("16200")


@pytest.mark.parametrize(("terms", "first", "second"), [
    # AFL 5,000: claim 1 is 9,000 less 5,000 = 4,000; claim 2 is 18,000 in full
    ({"aggregate_first_loss": "5000"}, "4000", "18000"),
    # maximum liability 20,000: claim 1 takes 9,000, claim 2 only the 11,000 left
    ({"max_liability": "20000"}, "9000", "11000"),
    # both: 4,000 then min(18,000, 20,000 − 4,000) = 16,000
    ({"aggregate_first_loss": "5000", "max_liability": "20000"}, "4000", "16000"),
    # no absolute cap: 30 × the minimum premium 500 = 15,000; 9,000 then 6,000
    ({"minimum_premium": "500"}, "9000", "6000"),
])
def test_the_policy_year_caps_what_its_claims_pay(session, world, terms, first, second):
    policy = make_policy(session, world.a.insured, terms=terms)
    session.commit()
    tenant = dataclasses.replace(world.a, policy=policy)
    one = insolvency_case(session, world, tenant,
                          invoice=inv("Y", "2026-01-05", "10000", terms=30), name="One")
    two = insolvency_case(session, world, tenant, name="Two")
    claims = [as_(session, tenant, "user", filing.file_claim, on="2026-06-10", case_id=c.id,
                  cause=LossCause.INSOLVENCY) for c in (one, two)]
    assert settle(session, world, claims[0], tenant).paid_amount == D(first)
    assert settle(session, world, claims[1], tenant).paid_amount == D(second)


def test_declared_premium_above_the_minimum_raises_the_cap(session, world):
    # minimum premium 500; 280,000 declared × 0.25 % = 700: the cap is 30 × 700 = 21,000,
    # so claim 2 gets min(18,000, 21,000 − 9,000) = 12,000 (at the minimum it would be 6,000)
    policy = make_policy(session, world.a.insured, terms={"minimum_premium": "500"})
    session.commit()
    tenant = dataclasses.replace(world.a, policy=policy)
    as_(session, tenant, "user", declare_turnover, policy.id, on="2026-02-01",
        period=day("2026-01-01"), insured_turnover=D("280000"))
    one = insolvency_case(session, world, tenant,
                          invoice=inv("Y", "2026-01-05", "10000", terms=30), name="One")
    two = insolvency_case(session, world, tenant, name="Two")
    claims = [as_(session, tenant, "user", filing.file_claim, on="2026-06-10", case_id=c.id,
                  cause=LossCause.INSOLVENCY) for c in (one, two)]
    assert settle(session, world, claims[0], tenant).paid_amount == D("9000")
    assert settle(session, world, claims[1], tenant).paid_amount == D("12000")


@pytest.mark.parametrize(("sharing", "insurer", "insured"), [
    # limit 15,000 on a 20,000 debt: indemnity 13,500. 4,000 recovered:
    ("loss_share", "2700", "1300"),        # 4,000 × 13,500 / 20,000
    ("receivable_ratio", "3000", "1000"),  # 4,000 × 15,000 / 20,000
])
def test_recoveries_are_split_by_the_policys_basis(session, world, sharing, insurer, insured):
    policy = make_policy(session, world.a.insured, terms={"recovery_sharing": sharing})
    session.commit()
    tenant = dataclasses.replace(world.a, policy=policy)
    case = insolvency_case(session, world, tenant, limit="15000")
    claim = as_(session, tenant, "user", filing.file_claim, on="2026-06-10", case_id=case.id,
                cause=LossCause.INSOLVENCY)
    assert settle(session, world, claim, tenant).paid_amount == D("13500")
    split = as_(session, tenant, world.claims_handler, recoveries.record_recovery, claim.id,
                on="2026-07-01", amount=D("4000"), received_on=day("2026-07-01"))
    assert (split.insurer_share, split.insured_share) == (D(insurer), D(insured))
    with pytest.raises(RuleViolation):  # 16,000 of the 20,000 debt is left to recover
        as_(session, tenant, world.claims_handler, recoveries.record_recovery, claim.id,
            on="2026-07-01", amount=D("16000.01"), received_on=day("2026-07-01"))
    session.rollback()
