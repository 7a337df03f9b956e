from decimal import Decimal

import pytest

from core.money import (
    format_money,
    is_currency,
    minor_unit_digits,
    money_problem,
    read_amount,
    round_money,
)


@pytest.mark.parametrize(("amount", "currency", "expected"), [
    ("10.005", "EUR", "10.01"),    # half-up, not banker's rounding
    ("10.004", "EUR", "10.00"),
    ("2.5", "JPY", "3"),           # no minor unit
    ("1.0005", "KWD", "1.001"),    # three decimals
    ("-10.005", "EUR", "-10.01"),
])
def test_round_money_is_half_up_to_the_minor_unit(amount, currency, expected):
    assert round_money(Decimal(amount), currency) == Decimal(expected)


def test_minor_units_and_currencies_come_from_babel():
    assert minor_unit_digits("EUR") == 2 and minor_unit_digits("JPY") == 0
    assert is_currency("CNY") and not is_currency("XYZ")
    assert format_money(Decimal("12500"), "USD") == "12500.00"


@pytest.mark.parametrize(("raw", "currency", "problem"), [
    (12.5, "EUR", "decimal string"),
    (True, "EUR", "decimal string"),
    ("abc", "EUR", "Not a decimal"),
    ("NaN", "EUR", "Not a decimal"),
    ("-1", "EUR", "negative"),
    ("10000000000000.00", "EUR", "Too large"),
    # a plain decimal string only: no exponent, other scripts' digits, separators or spaces
    ("1e5", "EUR", "Not a decimal"),
    ("1e999999999", "EUR", "Not a decimal"),
    ("１００", "EUR", "Not a decimal"),
    ("1_000.00", "EUR", "Not a decimal"),
    (" 100", "EUR", "Not a decimal"),
    ("100\n", "EUR", "Not a decimal"),
    ("+100", "EUR", "Not a decimal"),
    ("1.", "EUR", "Not a decimal"),
    ("1.001", "EUR", "At most 2 decimal places"),
    ("1.5", "JPY", "At most 0 decimal places"),
])
def test_money_problems_are_named(raw, currency, problem):
    assert problem in (money_problem(raw, currency) or "")


def test_good_amounts_have_no_problem():
    assert money_problem("12500.00", "EUR") is None
    assert money_problem("9999999999999.99", "EUR") is None  # the largest, exact everywhere
    assert money_problem("-0.5", "EUR", allow_negative=True) is None
    assert money_problem("0", "EUR") is None
    assert money_problem("0", "EUR", allow_zero=False) == "Must be greater than zero."


@pytest.mark.parametrize(("typed", "locale", "plain"), [
    ("12,500.00", "en", "12500.00"),
    ("12500", "en", "12500"),
    ("12.500,00", "de", "12500.00"),       # German signs, on a German page
    ("1.234.567", "de", "1234567"),
    ("12,500.00", "zh", "12500.00"),
    (" 12 500,00 ", "fr", "12500.00"),     # spaces (and French's narrow one) are ignored
    ("-1,000.50", "en", "-1000.50"),
    ("12.500,00", "en", None),             # German signs on an English page: not a guess
    ("12.5", "de", None),                  # a group sign out of place
    ("1,2345", "en", None),
    ("１２，５００", "zh", None),            # full-width digits
    ("1_000.00", "en", None), ("1e5", "en", None), ("NaN", "en", None), ("²", "en", None),
    ("", "en", None), ("9" * 61, "en", None),
])
def test_amounts_are_read_as_the_locale_writes_them(typed, locale, plain):
    assert read_amount(typed, locale) == plain
