"""The JSON shape of the receivables ledger and of an upload's answer (docs/api.md). Money is a
decimal string in the policy's currency."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from claims.receivables.frames import BUCKETS, KINDS
from core.fields import BusinessDate, Money


class RowErrorSchema(Schema):
    line = fields.Integer(required=True, metadata={"description": "The file's line (header: 1)"})
    field = fields.String(required=True)
    message = fields.String(required=True)


class UploadReportSchema(Schema):
    policy_id = fields.Integer(required=True)
    stored = fields.Integer(required=True, metadata={
        "description": "Lines now in the ledger; the previous upload's are gone"})
    rejected = fields.Integer(required=True, metadata={"description": "Rows left out"})
    errors = fields.List(fields.Nested(RowErrorSchema), required=True)
    uploaded_at = fields.DateTime(required=True)


class LineWarningSchema(Schema):
    kind = fields.String(required=True, metadata={"enum": list(KINDS)})
    invoice_number = fields.String(required=True)
    due_on = BusinessDate(required=True, metadata={
        "description": "The deadline's day, or the invoice's due date for the other kinds"})
    days_left = fields.Integer(allow_none=True, metadata={
        "description": "Days to a deadline; null for terms_over_mct and after_stop"})


class _Ageing(fields.Field[dict[str, Any]]):
    """The buckets, each a decimal string."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(metadata={"type": "object", "properties": {
            name: {"type": "string", "format": "decimal"} for name in BUCKETS}}, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        money = Money(currency_from="currency")
        return {name: money._serialize(value[name], attr, obj) for name in BUCKETS}


class BuyerReceivablesSchema(Schema):
    buyer_id = fields.Integer(required=True)
    buyer_name = fields.String(required=True)
    country = fields.String(required=True)
    registration_number = fields.String(required=True)
    invoices = fields.Integer(required=True)
    open_balance = Money(currency_from="currency", required=True)
    overdue = Money(currency_from="currency", required=True, metadata={
        "description": "The part past its due date"})
    ageing = _Ageing(required=True)
    limit = Money(currency_from="currency", required=True, metadata={
        "description": "The credit limit in force on as_of (0 without one)"})
    uncovered = Money(currency_from="currency", required=True, metadata={
        "description": "The open balance above the limit in force"})
    warnings = fields.List(fields.Nested(LineWarningSchema), required=True)


class LedgerSchema(Schema):
    policy_id = fields.Integer(required=True)
    currency = fields.String(required=True)
    as_of = BusinessDate(required=True)
    buyers = fields.List(fields.Nested(BuyerReceivablesSchema), required=True)
