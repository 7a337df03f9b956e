"""Marshmallow fields for the platform's JSON conventions: money and rates as decimal strings."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError, fields, validate

from core.money import format_money, money_problem

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
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise ValidationError("Not a decimal number.") from None
        if not number.is_finite():
            raise ValidationError("Not a finite number.")
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
