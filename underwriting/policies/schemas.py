"""The JSON shape of policies and their terms (docs/domain.md §3, docs/api.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from core.clock import today
from core.fields import BusinessDate, Id, Money, Percent, Rate, Text
from underwriting.policies.terms import (
    CollectionStage,
    DeductibleOrder,
    LadderStep,
    RecoverySharing,
    TermsChanges,
)

_DAYS = validate.Range(min=1, max=3650)


def _days(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=_DAYS, **kwargs)


class LadderStepFields(TypedDict):
    days: int
    stage: CollectionStage


class LadderStepSchema(Schema):
    days = _days(required=True)
    stage = fields.Enum(CollectionStage, by_value=True, required=True)

    @post_load
    def _step(self, loaded: LadderStepFields, **_: object) -> LadderStep:
        return LadderStep(**loaded)


class TermsSchema(Schema):
    """Every key optional on input: what is left out keeps its default or previous value."""

    insured_pct_insurer_limit = Percent()
    insured_pct_discretionary = Percent()
    max_credit_period_days = _days()
    max_extension_period_days = _days()
    notification_deadline_days = _days()
    waiting_period_days = _days()
    claim_filing_deadline_days = _days()
    discretionary_limit_max = Money()
    threshold = Money()
    deductible_per_buyer = Money()
    minimum_retention = Money()
    deductible_order = fields.Enum(DeductibleOrder, by_value=True)
    vat_covered = fields.Boolean(truthy={True}, falsy={False})
    aggregate_first_loss = Money()
    max_liability = Money(allow_zero=False, allow_none=True)
    max_liability_premium_multiple = Rate(
        minimum=Decimal("0.01"), maximum=Decimal(1000), places=2
    )
    recovery_sharing = fields.Enum(RecoverySharing, by_value=True)
    limit_reduction_notice_days = _days()
    premium_rate = Percent()
    minimum_premium = Money()
    collection_ladder = fields.List(
        fields.Nested(LadderStepSchema), validate=validate.Length(min=1, max=12)
    )

    @validates_schema
    def _ladder_in_order(self, data: TermsChanges, **_: object) -> None:
        ladder = data.get("collection_ladder")
        if ladder is None:
            return
        days = [step.days for step in ladder]
        if days != sorted(set(days)):
            raise ValidationError("Steps must have increasing days.", "collection_ladder")


class PolicyPeriod(TypedDict):
    start_date: dt.date
    end_date: dt.date


class PolicyCreateSchema(Schema):
    insured_id = Id(required=True)
    number = Text(required=True, validate=validate.Length(min=1, max=64))
    currency = Text(required=True, validate=validate.Length(equal=3))
    start_date = BusinessDate(required=True)
    end_date = BusinessDate(required=True)
    terms = fields.Nested(TermsSchema, load_default=dict)

    @validates_schema
    def _period_in_order(self, data: PolicyPeriod, **_: object) -> None:
        if data["end_date"] <= data["start_date"]:
            raise ValidationError("Must be after start_date.", "end_date")


class TermsAmendSchema(Schema):
    effective_from = BusinessDate(required=True)
    terms = fields.Nested(TermsSchema, required=True)


class TermsVersionSchema(Schema):
    id = fields.Integer()
    effective_from = BusinessDate()
    terms = fields.Function(lambda version: version.terms.to_json())
    created_at = fields.DateTime()


class PolicySchema(Schema):
    id = fields.Integer()
    insured_id = fields.Integer()
    number = Text()
    currency = Text()
    start_date = BusinessDate()
    end_date = BusinessDate()
    status = fields.Function(
        lambda policy: policy.status_on(today()),
        metadata={"enum": ["pending", "in_force", "expired"]},
    )
    terms = fields.Function(
        lambda policy: policy.terms_on(today()).terms.to_json(),
        metadata={"type": "object", "description": "The terms in force today (docs/domain.md §3)."},
    )
    terms_effective_from = fields.Function(
        lambda policy: policy.terms_on(today()).effective_from.isoformat(),
        metadata={"type": "string", "format": "date"},
    )
    versions = fields.List(fields.Nested(TermsVersionSchema))
