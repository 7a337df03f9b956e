"""The JSON shape of limit requests, decisions and credit limits (docs/api.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_dump,
    post_load,
    pre_dump,
    validate,
    validates_schema,
)
from sqlalchemy import Row

from core.clock import today
from core.fields import BusinessDate, Id, Money, Text
from core.money import format_money
from core.plain import JsonObject
from underwriting.limits.grants import Conditions
from underwriting.limits.models import (
    CreditLimit,
    LimitStatus,
    LimitType,
    RequestKind,
    RequestStatus,
)
from underwriting.limits.reasons import REASONS

_TERMS = validate.Range(min=1, max=3650)


class LimitRequestCreateSchema(Schema):
    policy_id = Id(required=True)
    buyer_id = Id(required=True)
    amount = Money(required=True, allow_zero=False)
    payment_terms_days = fields.Integer(strict=True, required=True, validate=_TERMS)
    reference = Text(load_default=None, allow_none=True,
                              validate=validate.Length(max=64))
    comment = Text(multiline=True, load_default=None, allow_none=True,
                            validate=validate.Length(max=2000))


class ConditionsFields(TypedDict, total=False):
    max_payment_terms_days: int
    expires_on: dt.date


class ConditionsSchema(Schema):
    max_payment_terms_days = fields.Integer(strict=True, validate=_TERMS)
    expires_on = BusinessDate()

    @post_load
    def _conditions(self, loaded: ConditionsFields, **_kwargs: object) -> Conditions:
        return Conditions(**loaded)


class DecisionFields(TypedDict):
    """What a decision's check reads (it runs once every field is valid)."""

    outcome: str
    amount: Decimal | None


class DecisionSchema(Schema):
    outcome = Text(required=True, validate=validate.OneOf(
        ["approved", "partial", "refused", "zero"]))
    amount = Money(load_default=None, allow_none=True)
    reason_codes = fields.List(Text(), required=True, validate=validate.Length(max=10))
    conditions = fields.Nested(ConditionsSchema, load_default=Conditions)
    note = Text(load_default=None, allow_none=True, validate=validate.Length(max=2000))

    @validates_schema
    def _amount_for_partial(self, data: DecisionFields, **_: object) -> None:
        if data["outcome"] == "partial" and data["amount"] is None:
            raise ValidationError("A partial decision names its amount.", "amount")


class ReasonSchema(Schema):
    code = Text()
    en = Text()
    zh = Text()


_REASONS = ReasonSchema(many=True)  # made once: making a schema costs more than its dump


class VersionSchema(Schema):
    amount = Money(currency_from="currency")
    effective_from = BusinessDate()
    change = Text()
    reason_codes = fields.List(Text())
    decided_on = BusinessDate()


class LimitOnDay:
    """A limit as it stood on a day: its amount and status read from the history."""

    def __init__(self, limit: CreditLimit, day: dt.date) -> None:
        self.limit, self.day = limit, day

    def __getattr__(self, name: str) -> Any:
        return getattr(self.limit, name)

    @property
    def amount(self) -> Decimal:
        return self.limit.amount_on(self.day)

    @property
    def status(self) -> LimitStatus:
        return self.limit.status_on(self.day) or self.limit.status


class CreditLimitSchema(Schema):
    """A limit today, or on the day its row carries (a list asked `?on=`)."""

    id = fields.Integer()
    policy_id = fields.Integer()
    buyer_id = fields.Integer()
    type = fields.Enum(LimitType, by_value=True)
    status = fields.Enum(LimitStatus, by_value=True)
    amount = Money(currency_from="currency")
    currency = Text()
    effective_from = BusinessDate()
    expires_on = BusinessDate(allow_none=True)
    max_payment_terms_days = fields.Integer(allow_none=True)
    pending_change = fields.Method("_pending", metadata={"type": "object", "nullable": True})
    history = fields.List(fields.Nested(VersionSchema), attribute="versions")

    @pre_dump
    def _on_its_day(self, row: Any, **_: Any) -> LimitOnDay:
        if isinstance(row, LimitOnDay):
            return row
        if isinstance(row, Row):
            return LimitOnDay(row[0], row.on)
        return LimitOnDay(row, today())

    def _pending(self, shown: LimitOnDay) -> PendingChange | None:
        change = shown.limit.pending_on(shown.day)
        if change is None:
            return None
        return {"amount": format_money(change.amount, shown.currency),
                "effective_from": change.effective_from.isoformat(), "change": change.change}


class PendingChange(TypedDict):
    amount: str
    effective_from: str
    change: str


class LimitRequestSchema(Schema):
    id = fields.Integer()
    policy_id = fields.Integer()
    buyer_id = fields.Integer()
    amount = Money(currency_from="currency")
    currency = Text()
    payment_terms_days = fields.Integer()
    reference = Text(allow_none=True)
    comment = Text(allow_none=True)
    kind = fields.Enum(RequestKind, by_value=True)
    status = fields.Enum(RequestStatus, by_value=True)
    note = Text(allow_none=True)
    decided_amount = Money(allow_none=True, currency_from="currency")
    reason_codes = fields.List(Text())
    reasons = fields.Function(lambda r: _REASONS.dump(
        [REASONS[c] for c in r.reason_codes if c in REASONS]), metadata={"type": "array"})
    conditions = fields.Dict()
    created_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    credit_limit = fields.Nested(CreditLimitSchema, allow_none=True)


class DiscretionarySchema(Schema):
    policy_id = Id(required=True)
    buyer_id = Id(required=True)
    amount = Money(required=True, allow_zero=False)


class ReduceSchema(Schema):
    amount = Money(required=True)
    reason_codes = fields.List(Text(validate=validate.OneOf(sorted(REASONS))),
                               required=True, validate=validate.Length(min=1, max=10))


class AlertSchema(Schema):
    id = fields.Integer()
    buyer_id = fields.Integer()
    credit_limit_id = fields.Integer(allow_none=True)
    kind = Text()
    previous_grade = fields.Integer(allow_none=True)
    grade = fields.Integer(allow_none=True)
    as_of = BusinessDate()
    read_at = fields.DateTime(allow_none=True)


class BulkFormSchema(Schema):
    """The form fields beside the file of a bulk upload."""

    policy_id = Id(strict=False, required=True)


class BulkRowResultSchema(Schema):
    line = fields.Integer(required=True)
    status = fields.String(required=True, metadata={
        "enum": [*(s.value for s in RequestStatus), "failed"]})
    request_id = fields.Integer(metadata={"description": "The request made; absent if failed"})
    error = fields.String(metadata={"description": "Why the row failed; absent otherwise"})

    @post_dump
    def _absent_when_none(self, data: JsonObject, **kwargs: object) -> JsonObject:
        return {key: value for key, value in data.items() if value is not None}


class BulkReportSchema(Schema):
    rows = fields.List(fields.Nested(BulkRowResultSchema), required=True)
    decided = fields.Integer(required=True)
    referred = fields.Integer(required=True)
    failed = fields.Integer(required=True)
