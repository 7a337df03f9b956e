"""The JSON shape of declarations and premium invoices."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from marshmallow import Schema, ValidationError, fields

from core.fields import EARLIEST_DATE, LATEST_DATE, BusinessDate, Id, Money, Text, date_problem
from underwriting.premium.models import InvoiceKind

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Month(fields.Field[dt.date]):
    """A calendar month as "YYYY-MM", held as its first day."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["metadata"] = {"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03",
                              **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        match = _MONTH.match(value) if isinstance(value, str) else None
        if match is None or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError('Must be a month, "YYYY-MM".')
        year = int(match.group(1))
        if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
            raise ValidationError(date_problem(dt.date(1, 1, 1)) or "")
        return dt.date(year, int(match.group(2)), 1)

    def _serialize(self, value: dt.date | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else f"{value:%Y-%m}"


def _rate() -> fields.Function:
    """The rate as the policy's terms spell it ("0.25", not the column's "0.2500")."""
    return fields.Function(lambda d: f"{d.premium_rate.normalize():f}", metadata={
        "type": "string", "format": "decimal", "description": "% of insured turnover"})


class DeclarationCreateSchema(Schema):
    period = Month(required=True)
    insured_turnover = Money(required=True)


class DeclarationSchema(Schema):
    id = fields.Integer()
    policy_id = fields.Integer()
    period = Month()
    insured_turnover = Money(currency_from="currency")
    premium_rate = _rate()
    premium = Money(currency_from="currency")
    currency = Text()
    invoice_id = fields.Integer(allow_none=True)
    invoiced = fields.Function(lambda d: d.invoice_id is not None,
                               metadata={"type": "boolean"})
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class InvoiceLineSchema(Schema):
    period = Month()
    insured_turnover = Money(currency_from="currency")
    premium_rate = _rate()
    premium = Money(currency_from="currency")


class TrueUpSchema(Schema):
    policy_year_start = BusinessDate()
    policy_year_end = BusinessDate()
    declared_premium = Money(currency_from="currency")
    minimum_premium = Money(currency_from="currency")
    adjustment = Money(currency_from="currency")
    closed_on = BusinessDate()


class PremiumInvoiceSchema(Schema):
    id = fields.Integer()
    policy_id = fields.Integer()
    number = Text()
    kind = fields.Enum(InvoiceKind, by_value=True)
    policy_year_start = BusinessDate()
    issued_on = BusinessDate()
    due_on = BusinessDate()
    amount = Money(currency_from="currency")
    currency = Text()
    lines = fields.List(fields.Nested(InvoiceLineSchema), attribute="declarations")
    true_up = fields.Nested(TrueUpSchema, allow_none=True)


class InvoiceFilterSchema(Schema):
    policy_id = Id(strict=False)
