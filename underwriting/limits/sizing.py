"""The limit a seller needs: expected annual turnover with the buyer × average credit days / 365,
rounded up to the next thousand."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal


def suggested_limit(annual_turnover: Decimal, credit_days: int) -> Decimal:
    if annual_turnover < 0 or credit_days < 0:
        raise ValueError("Turnover and credit days cannot be negative.")
    exposure = annual_turnover * credit_days / 365
    return (exposure / 1000).to_integral_value(rounding=ROUND_CEILING) * 1000
