"""The JSON shape of buyers, their statements and legal events (docs/api.md)."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from buyers_db.models import LegalEventType
from core.fields import BusinessDate, Money, Text


class BuyerCreateSchema(Schema):
    country = Text(required=True, validate=validate.Regexp(
        r"^[A-Za-z]{2}$", error="ISO 3166 alpha-2 code."))
    registration_number = Text(required=True, validate=validate.Length(min=1, max=64))
    name = Text(required=True, validate=validate.Length(min=1, max=300))
    vat_number = Text(load_default=None, allow_none=True,
                               validate=validate.Length(max=32))
    sector = Text(load_default=None, allow_none=True, validate=validate.Length(max=8))
    city = Text(load_default=None, allow_none=True, validate=validate.Length(max=120))
    address = Text(multiline=True, load_default=None, allow_none=True,
                   validate=validate.Length(max=300))
    founded_year = fields.Integer(strict=True, load_default=None, allow_none=True)
    employees = fields.Integer(strict=True, load_default=None, allow_none=True,
                               validate=validate.Range(min=0, max=10_000_000))


class BuyerSearchSchema(Schema):
    query = Text(data_key="q", validate=validate.Length(max=200))
    country = Text(validate=validate.Regexp(r"^[A-Za-z]{2}$"))
    registration_number = Text(validate=validate.Length(max=64))
    identifier = Text(validate=validate.Length(min=1, max=64), metadata={
        "description": "A registration or VAT number in any spelling (case, spaces and "
                       "punctuation ignored)"})


def _figure(*, signed: bool = False) -> Money:
    """A statement's figure, optional, dumped in its statement's currency's minor unit."""
    return Money(signed=signed, load_default=None, allow_none=True, currency_from="currency")


class StatementPeriod(TypedDict, total=False):
    """What a statement's check reads: absent where the field was not valid."""

    fiscal_year: int
    period_end: dt.date


class StatementSchema(Schema):
    id = fields.Integer(dump_only=True)
    fiscal_year = fields.Integer(strict=True, required=True,
                                 validate=validate.Range(min=1900, max=2100))
    period_end = BusinessDate(load_default=None)
    currency = Text(required=True, validate=validate.Length(equal=3))
    revenue = _figure()
    ebit = _figure(signed=True)
    net_income = _figure(signed=True)
    total_assets = _figure()
    current_assets = _figure()
    current_liabilities = _figure()
    total_liabilities = _figure()
    equity = _figure(signed=True)
    retained_earnings = _figure(signed=True)

    @validates_schema
    def _period_end_in_its_year(self, data: StatementPeriod, **_: object) -> None:
        # A fiscal year may end in the calendar year before or after its name (FY2024 ending
        # March 2025); further away, the year or the date is wrong.
        end, year = data.get("period_end"), data.get("fiscal_year")  # absent if invalid
        if end is not None and year is not None and abs(end.year - year) > 1:
            raise ValidationError(f"Must fall within a year of fiscal year {year}.", "period_end")


class LegalEventSchema(Schema):
    id = fields.Integer(dump_only=True)
    type = fields.Enum(LegalEventType, by_value=True, required=True)
    date = BusinessDate(required=True)
    detail = Text(multiline=True, load_default="", validate=validate.Length(max=2000))
