"""Marshmallow fields for the platform's JSON conventions, and the one place hostile input is
refused: text without control characters, money as plain decimal strings, business dates within
a range every calendar computation survives, and ids a database integer holds."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate

from core.money import LARGEST, format_money, money_problem, parse_decimal

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)
"""Business dates (invoices, payments, policy periods) lie within these: far enough from the
calendar's ends that adding a year, a payment term or a waiting period stays a date."""

# C0 and C1 controls and DEL; a multi-line field also takes tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
TEXT_MAX = 2000
"""The longest any text field is unless it says otherwise."""


def text_problem(value: str, *, multiline: bool = False, max_length: int = TEXT_MAX) -> str | None:
    """Why `value` cannot be stored as text, or None. Databases refuse NUL (PostgreSQL) and
    unpaired surrogates (every UTF-8 encoder); spreadsheets refuse control characters."""
    if len(value) > max_length:
        return f"Longer than maximum length {max_length}."
    if "\x00" in value:
        return "Must not contain NUL characters."
    if _SURROGATE.search(value):
        return "Must not contain unpaired surrogate characters (not valid Unicode)."
    if (_CONTROL_IN_LINES if multiline else _CONTROL).search(value):
        return "Must not contain control characters."
    return None


class Text(fields.String):
    """Text as people type it: any script, bounded in length (`max_length`, or TEXT_MAX), and
    refused (422, with the reason) when it holds NUL, unpaired surrogates or control characters;
    `multiline` text may hold tabs and line breaks. The length is checked before any other
    validator, so that no pattern runs over megabytes."""

    def __init__(self, *, multiline: bool = False, max_length: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        declared = [v.max for v in self.validators
                    if isinstance(v, validate.Length) and v.max is not None]
        self.multiline = multiline
        self.max_length = max_length or min(declared, default=TEXT_MAX)
        if not declared:
            self.validators.append(validate.Length(max=self.max_length))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text, multiline=self.multiline, max_length=self.max_length)
        if problem:
            raise ValidationError(problem)
        return text


class Email(fields.Email):
    """An e-mail address: at most 254 characters, and text as `Text` accepts it."""

    MAX_LENGTH = 254

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.insert(0, validate.Length(max=self.MAX_LENGTH))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text, max_length=self.MAX_LENGTH)
        if problem:
            raise ValidationError(problem)
        return text


def date_problem(day: dt.date) -> str | None:
    """Why `day` is no business date, or None."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        return f"Must be between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}."
    return None


class BusinessDate(fields.Date):
    """A date ("YYYY-MM-DD") between EARLIEST_DATE and LATEST_DATE."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.date:
        day: dt.date = super()._deserialize(value, attr, data, **kwargs)
        problem = date_problem(day)
        if problem:
            raise ValidationError(problem)
        return day

LARGEST_ID = 2**31 - 1
"""Ids are PostgreSQL `integer`s: a larger number names nothing, and must not reach the driver."""


def Id(*, strict: bool = True, **kwargs: Any) -> fields.Integer:
    """An object's id: a whole number from 1 to `LARGEST_ID`; `strict=False` in a query string,
    where every value arrives as text."""
    return fields.Integer(strict=strict, validate=validate.Range(min=1, max=LARGEST_ID), **kwargs)


class Money(fields.Field[Decimal]):
    """An amount as a decimal string (non-negative unless `signed`), dumped the same way.

    Decimal places per currency are checked where the currency is known (`core.money`).
    """

    def __init__(
        self, *, allow_zero: bool = True, signed: bool = False, currency_from: str | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["metadata"] = {"type": "string", "format": "decimal", "example": "12500.00",
                              "description": f"Plain decimal digits, at most {LARGEST}.",
                              **kwargs.get("metadata", {})}
        super().__init__(**kwargs)
        self.allow_zero, self.signed, self.currency_from = allow_zero, signed, currency_from

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        problem = money_problem(
            value, None, allow_zero=self.allow_zero, allow_negative=self.signed
        )
        if problem:
            raise ValidationError(problem)
        return Decimal(value)

    def _serialize(self, value: Decimal | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        """Exactly the currency's minor-unit digits when the object names its currency (read
        from `currency_from`), two decimals otherwise."""
        if value is None:
            return None
        currency = getattr(obj, self.currency_from, None) if self.currency_from else None
        return format_money(Decimal(value), currency or "EUR")


class Rate(fields.Field[Decimal]):
    """A decimal string within [minimum, maximum], e.g. a percentage 0-100."""

    def __init__(
        self, *, minimum: Decimal, maximum: Decimal | None, places: int = 4, **kwargs: Any
    ) -> None:
        kwargs["metadata"] = {"type": "string", "format": "decimal", **kwargs.get("metadata", {})}
        super().__init__(**kwargs)
        self.minimum, self.maximum, self.places = minimum, maximum, places

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if not isinstance(value, str):
            raise ValidationError("Must be a decimal string.")
        number = parse_decimal(value)
        if number is None:
            raise ValidationError("Not a decimal number.")
        if number < self.minimum or (self.maximum is not None and number > self.maximum):
            upper = "" if self.maximum is None else f" and {self.maximum}"
            raise ValidationError(f"Must be between {self.minimum}{upper}.")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.places:
            raise ValidationError(f"At most {self.places} decimal places.")
        return number

    def _serialize(self, value: Decimal | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else str(value)


def Percent(**kwargs: Any) -> Rate:
    """A percentage as a decimal string, 0 to 100."""
    return Rate(minimum=Decimal(0), maximum=Decimal(100), places=4, **kwargs)
