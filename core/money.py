"""Money: `Decimal` end to end, rounded once, half-up, to the currency's minor unit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import get_currency_precision, list_currencies

_KNOWN = frozenset(list_currencies())
_LARGEST = Decimal("9999999999999999.99")  # fits Numeric(18, 2)


def is_currency(code: str) -> bool:
    return code in _KNOWN


def minor_unit_digits(currency: str) -> int:
    return int(get_currency_precision(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """The one rounding helper: half-up to the currency's minor unit."""
    exponent = Decimal(1).scaleb(-minor_unit_digits(currency))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def money_problem(
    raw: object, currency: str | None, *, allow_zero: bool = True, allow_negative: bool = False
) -> str | None:
    """Why `raw` is not an acceptable amount in `currency`, or None when it is.

    Accepts decimal strings only: a JSON float would already have lost precision.
    """
    if not isinstance(raw, str | Decimal) or isinstance(raw, bool):
        return "Must be a decimal string, e.g. \"12500.00\"."
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        return "Not a decimal number."
    if not amount.is_finite():
        return "Not a finite number."
    if amount < 0 and not allow_negative:
        return "Must not be negative."
    if amount == 0 and not allow_zero:
        return "Must be greater than zero."
    if abs(amount) > _LARGEST:
        return "Too large."
    digits = minor_unit_digits(currency) if currency else 2
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        return f"At most {digits} decimal places for {currency or 'this amount'}."
    return None


def format_money(amount: Decimal, currency: str) -> str:
    """A JSON money string: exactly the currency's minor-unit digits."""
    return str(round_money(amount, currency))
