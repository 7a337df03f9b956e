"""The rows of the portfolio report's tables, one type per table, as every format prints them
(JSON, CSV, Excel, PDF, the dashboards): money as exact `Decimal` (the report's currency, or
the row's own `currency` in the claims tables), shares and ratios as `Decimal` fractions (a
buyer's PD is a float, as the grading gives it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal, TypedDict

BucketKey = Literal["days_0_30", "days_31_60", "days_61_90", "days_over_90"]
BUCKET_KEYS: tuple[BucketKey, ...] = ("days_0_30", "days_31_60", "days_61_90", "days_over_90")
"""The aged balances' columns, youngest first (`claims_frames.BUCKETS`)."""


class Summary(TypedDict):
    as_of: dt.date
    currency: str
    scope: Literal["insurer", "insured"]
    insured_id: int | None
    limits: int
    buyers: int
    exposure: Decimal
    expected_loss: Decimal
    loss_given_default: Decimal
    top_10_share: Decimal
    hhi: Decimal


class GroupRow(TypedDict):
    """Exposure by grade, country or sector."""

    key: int | str | None
    """The grade, the country code or the sector's section; None: not known."""
    label: str
    limits: int
    buyers: int
    exposure: Decimal
    share: Decimal
    expected_loss: Decimal


class TopBuyerRow(TypedDict):
    rank: int
    buyer_id: int
    name: str
    country: str
    country_name: str
    grade: int | None
    pd: float | None
    limits: int
    exposure: Decimal
    share: Decimal
    expected_loss: Decimal


class ExposureTables(TypedDict):
    by_grade: list[GroupRow]
    by_country: list[GroupRow]
    by_sector: list[GroupRow]
    top_buyers: list[TopBuyerRow]


class StatusRow(TypedDict):
    """Claims by status, per currency."""

    status: str
    label: str
    currency: str
    claims: int
    indemnity: Decimal
    paid: Decimal


class LossRatioRow(TypedDict):
    """Claims paid and the loss ratio of one policy year."""

    policy_id: int
    policy: str
    insured: str
    year_start: dt.date
    year_end: dt.date
    currency: str
    claims: int
    paid_claims: int
    claims_paid: Decimal
    recovered: Decimal
    premium: Decimal
    loss_ratio: Decimal | None
    """None without premium."""


class AgedRow(TypedDict):
    """What the open collection cases still have outstanding in one currency, by age."""

    currency: str
    days_0_30: Decimal
    days_31_60: Decimal
    days_61_90: Decimal
    days_over_90: Decimal
    total: Decimal
    dso: Decimal | None


class PaidRow(TypedDict):
    """Claims paid in one currency."""

    currency: str
    claims: int
    amount: Decimal


class ClaimsTables(TypedDict):
    claims_by_status: list[StatusRow]
    loss_ratios: list[LossRatioRow]
    aged_balances: list[AgedRow]


class PortfolioClaims(ClaimsTables):
    """The portfolio report's claims tables, with claims paid per currency."""

    claims_paid: list[PaidRow]
