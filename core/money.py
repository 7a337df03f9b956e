"""Money: `Decimal` end to end, rounded once, half-up, to the currency's minor unit."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import (
    NumberFormatError,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    list_currencies,
)
from babel.numbers import parse_decimal as parse_localized

_KNOWN = frozenset(list_currencies())
# Fifteen significant digits: the most any amount keeps exactly on every database. PostgreSQL's
# Numeric(18, 2) holds more, but SQLite keeps NUMERIC columns as 8-byte floats, which give back
# exactly what they were given only up to fifteen digits (1234567890123456.78 reads as .75).
LARGEST = Decimal("9999999999999.99")
# What the contract calls a decimal string: ASCII digits, one optional point, an optional minus.
# No exponent ("1e5"), no spaces, no "_" separators, no other scripts' digits (Decimal takes all).
PLAIN_DECIMAL = re.compile(r"-?[0-9]{1,30}(?:\.[0-9]{1,30})?")


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

    Accepts plain decimal strings only (see `parse_decimal`): a JSON float would already have
    lost precision.
    """
    if not isinstance(raw, str | Decimal) or isinstance(raw, bool):
        return "Must be a decimal string, e.g. \"12500.00\"."
    amount = parse_decimal(raw)
    if amount is None:
        return "Not a decimal number."
    if amount < 0 and not allow_negative:
        return "Must not be negative."
    if amount == 0 and not allow_zero:
        return "Must be greater than zero."
    if abs(amount) > LARGEST:
        return "Too large."  # the pages translate it; the limit is in the API document
    digits = minor_unit_digits(currency) if currency else 2
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > digits:
        return f"At most {digits} decimal places for {currency or 'this amount'}."
    return None


def parse_decimal(raw: object) -> Decimal | None:
    """`raw` as a Decimal when it is a plain decimal string ("-12500.00") or already a finite
    Decimal; None for anything else, before any arithmetic can overflow on it."""
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    if not isinstance(raw, str) or PLAIN_DECIMAL.fullmatch(raw) is None:
        return None
    return Decimal(raw)


TYPED_MOST = 60  # longer text is no amount anyone typed; it is not parsed at all


def read_amount(typed: str, locale: str) -> str | None:
    """An amount as a person types it in `locale` ("12,500.00" in English, "12.500,00" in
    German), as a plain decimal string; None when it cannot be read without guessing (a
    group sign in the wrong place, the decimal sign of another language) or holds anything
    but ASCII digits, the locale's two signs and a leading minus. Spaces are ignored."""
    if len(typed) > TYPED_MOST:
        return None
    text = "".join(typed.split())
    signs = {get_group_symbol(locale), get_decimal_symbol(locale), "-"}
    if not text or any(not (c.isascii() and c.isdigit()) and c not in signs for c in text):
        return None
    try:
        number = parse_localized(text, locale=locale, strict=True)
    except (NumberFormatError, ValueError):
        return None
    plain = f"{number:f}" if number.is_finite() else ""
    return plain if PLAIN_DECIMAL.fullmatch(plain) else None


def format_money(amount: Decimal, currency: str) -> str:
    """A JSON money string: exactly the currency's minor-unit digits."""
    return str(round_money(amount, currency))
