"""The insurer's appetite on a buyer (capacity) and the automatic ceiling of each grade, held in
euros and converted at reference rates to each policy's currency."""

from __future__ import annotations

import csv
import functools
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

from core.money import minor_unit_digits

# Share of the buyer's yearly revenue the insurer will cover across all insureds, by grade.
REVENUE_SHARE = {1: Decimal("0.20"), 2: Decimal("0.15"), 3: Decimal("0.12"), 4: Decimal("0.10"),
                 5: Decimal("0.08"), 6: Decimal("0.06"), 7: Decimal("0.04"), 8: Decimal("0.02"),
                 9: Decimal(0), 10: Decimal(0)}
NO_FINANCIALS_EUR = Decimal(50_000)
# The most a request may get without an underwriter, by grade (grades 7 and worse: never).
AUTOMATIC_CEILING_EUR = {1: Decimal(1_000_000), 2: Decimal(750_000), 3: Decimal(500_000),
                         4: Decimal(350_000), 5: Decimal(250_000), 6: Decimal(150_000)}


@functools.cache
def _rates() -> dict[str, Decimal]:
    path = Path(__file__).parent / "data" / "fx_reference_rates.csv"
    with path.open(encoding="utf-8") as file:
        return {row["currency"]: Decimal(row["units_per_eur"]) for row in csv.DictReader(file)}


def has_rate(currency: str) -> bool:
    return currency in _rates()


def rate_per_eur(currency: str) -> Decimal:
    """Units of `currency` for one euro, at the reference rate."""
    return _rates()[currency]


def to_eur(amount: Decimal, currency: str) -> Decimal:
    return amount / _rates()[currency]


def from_eur(amount_eur: Decimal, currency: str) -> Decimal:
    """Euros in `currency`, rounded down to its minor unit (never grant more than the rule)."""
    exponent = Decimal(1).scaleb(-minor_unit_digits(currency))
    return (amount_eur * _rates()[currency]).quantize(exponent, rounding=ROUND_DOWN)


def capacity_eur(grade: int | None, revenue_eur: Decimal | None) -> Decimal:
    """The insurer's total appetite on one buyer, in euros."""
    if grade is None:
        return Decimal(0)
    if revenue_eur is None or revenue_eur <= 0:
        return NO_FINANCIALS_EUR if grade <= 8 else Decimal(0)
    return revenue_eur * REVENUE_SHARE[grade]


def ceiling_eur(grade: int | None) -> Decimal:
    return AUTOMATIC_CEILING_EUR.get(grade or 0, Decimal(0))
