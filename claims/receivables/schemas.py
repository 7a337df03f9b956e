"""The JSON shape of the receivables ledger and of an upload's answer (docs/api.md). Money is a
decimal string in the policy's currency."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from claims.receivables.frames import BUCKETS, KINDS
from core.fields import BusinessDate, Money
from core.money import format_money
from core.plain import JsonObject


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


def buyer_json(entry: Any) -> JsonObject:
    """One buyer of the ledger as `BuyerReceivablesSchema` dumps it, written out by hand: a
    ledger of 5,000 buyers carries tens of thousands of warnings, which marshmallow's work per
    field makes seconds long (tests/portal/test_api_receivables.py holds the two equal)."""
    currency = entry.currency
    return {
        "buyer_id": entry.buyer_id, "buyer_name": entry.buyer_name, "country": entry.country,
        "registration_number": entry.registration_number, "invoices": entry.invoices,
        "open_balance": format_money(entry.open_balance, currency),
        "overdue": format_money(entry.overdue, currency),
        "ageing": {name: format_money(entry.ageing[name], currency) for name in BUCKETS},
        "limit": format_money(entry.limit, currency),
        "uncovered": format_money(entry.uncovered, currency),
        "warnings": [{"kind": w.kind, "invoice_number": w.invoice_number,
                      "due_on": w.due_on.isoformat(), "days_left": w.days_left}
                     for w in entry.warnings]}


class _Buyers(fields.List[Any]):
    """`BuyerReceivablesSchema`'s list (so the API document shows it), dumped by `buyer_json`."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else [buyer_json(entry) for entry in value]


class LedgerSchema(Schema):
    policy_id = fields.Integer(required=True)
    currency = fields.String(required=True)
    as_of = BusinessDate(required=True)
    buyers = _Buyers(fields.Nested(BuyerReceivablesSchema), required=True)
