"""Policy terms: validation of every kind of term, and versions that never overwrite."""

import datetime as dt
from decimal import Decimal

import pytest
from marshmallow import ValidationError

from core.actor import SYSTEM
from core.errors import Conflict, RuleViolation
from core.tenancy import Scope, tenant_scope
from tests.factories import make_policy
from underwriting.policies import PolicyTerms
from underwriting.policies.schemas import TermsSchema
from underwriting.policies.services import amend_terms
from underwriting.policies.terms import CollectionStage, DeductibleOrder


@pytest.mark.parametrize(("terms", "field"), [
    ({"insured_pct_insurer_limit": "100.01"}, "insured_pct_insurer_limit"),
    ({"insured_pct_discretionary": "-1"}, "insured_pct_discretionary"),
    ({"premium_rate": "abc"}, "premium_rate"),
    ({"premium_rate": 0.25}, "premium_rate"),  # a JSON number loses precision: refused
    ({"max_credit_period_days": 0}, "max_credit_period_days"),
    ({"waiting_period_days": -5}, "waiting_period_days"),
    ({"claim_filing_deadline_days": "30"}, "claim_filing_deadline_days"),
    ({"threshold": "-0.01"}, "threshold"),
    ({"max_liability": "0"}, "max_liability"),
    ({"deductible_order": "whatever"}, "deductible_order"),
    ({"recovery_sharing": "half"}, "recovery_sharing"),
    ({"vat_covered": "yes"}, "vat_covered"),
    ({"collection_ladder": [{"days": 15, "stage": "call"}, {"days": 7, "stage": "reminder"}]},
     "collection_ladder"),
    ({"collection_ladder": [{"days": 7, "stage": "lawsuit"}]}, "collection_ladder"),
    ({"surprise": "1"}, "surprise"),
])
def test_bad_terms_are_refused_by_name(terms, field):
    with pytest.raises(ValidationError) as refused:
        TermsSchema().load(terms)
    assert field in refused.value.messages


def test_terms_load_into_typed_values_with_defaults_for_the_rest():
    loaded = TermsSchema().load({
        "insured_pct_insurer_limit": "85", "deductible_order": "deduct_then_pct",
        "collection_ladder": [{"days": 10, "stage": "reminder"}, {"days": 40, "stage": "legal"}],
    })
    terms = PolicyTerms().amended(**loaded)
    assert terms.insured_pct_insurer_limit == Decimal("85")
    assert terms.deductible_order is DeductibleOrder.DEDUCT_THEN_PCT
    assert terms.collection_ladder[1].stage is CollectionStage.LEGAL
    assert terms.waiting_period_days == 180 and terms.max_liability is None
    assert PolicyTerms.from_json(terms.to_json()) == terms


def test_money_terms_must_fit_the_currency(session, world):
    with pytest.raises(RuleViolation) as refused:
        make_policy(session, world.a.insured, currency="JPY",
                    terms={"deductible_per_buyer": Decimal("10.50")})
    assert "deductible_per_buyer" in refused.value.fields["terms"]


def test_unknown_currency_and_duplicate_number_are_refused(session, world):
    with pytest.raises(RuleViolation):
        make_policy(session, world.a.insured, currency="XYZ")
    with pytest.raises(Conflict):
        make_policy(session, world.a.insured, number=world.a.policy.number)


def test_a_change_of_terms_is_a_new_version_and_the_old_one_stays(session, world, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")  # changes are dated today or later
    policy = world.a.policy
    with tenant_scope(Scope.everyone()):
        amend_terms(session, policy.id, actor=SYSTEM, effective_from=dt.date(2026, 7, 1),
                    changes={"waiting_period_days": 120})
        amend_terms(session, policy.id, actor=SYSTEM, effective_from=dt.date(2026, 10, 1),
                    changes={"threshold": Decimal("250.00")})
        session.commit()
        session.refresh(policy)
    assert [v.effective_from.month for v in policy.versions] == [1, 7, 10]
    assert policy.terms_on(dt.date(2026, 6, 30)).terms.waiting_period_days == 180
    assert policy.terms_on(dt.date(2026, 7, 1)).terms.waiting_period_days == 120
    october = policy.terms_on(dt.date(2026, 12, 31)).terms
    assert october.waiting_period_days == 120 and october.threshold == Decimal("250.00")
    assert policy.terms_on(dt.date(2025, 12, 1)).effective_from == dt.date(2026, 1, 1)


@pytest.mark.parametrize("day", [dt.date(2026, 1, 1), dt.date(2027, 1, 1), dt.date(2025, 6, 1)])
def test_a_change_must_start_inside_the_period_after_the_first_day(session, world, day):
    with tenant_scope(Scope.everyone()), pytest.raises(RuleViolation):
        amend_terms(session, world.a.policy.id, actor=SYSTEM, effective_from=day, changes={})


@pytest.mark.parametrize("day", [dt.date(2026, 3, 1), dt.date(2026, 2, 2)])
def test_a_change_takes_effect_today_or_later_never_in_the_past(session, world, monkeypatch,
                                                                 day):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    with tenant_scope(Scope.everyone()):
        with pytest.raises(RuleViolation) as refused:
            amend_terms(session, world.a.policy.id, actor=SYSTEM, effective_from=day,
                        changes={"waiting_period_days": 0})
        assert refused.value.fields == {"effective_from": ["On or after 2026-03-02."]}
        made = amend_terms(session, world.a.policy.id, actor=SYSTEM,
                           effective_from=dt.date(2026, 3, 2), changes={})
    assert made.effective_from == dt.date(2026, 3, 2)


def test_a_change_cannot_slip_in_before_the_latest_version(session, world, monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    with tenant_scope(Scope.everyone()):
        amend_terms(session, world.a.policy.id, actor=SYSTEM,
                    effective_from=dt.date(2026, 8, 1), changes={})
        with pytest.raises(RuleViolation):
            amend_terms(session, world.a.policy.id, actor=SYSTEM,
                        effective_from=dt.date(2026, 5, 1), changes={})
