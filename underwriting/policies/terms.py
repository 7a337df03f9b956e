"""The terms of a policy (domain §3) as one immutable value, with the defaults the design gives.

Percentages are percent (90 means 90 %); amounts are in the policy's currency; days are days.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from core.plain import Json, JsonObject


class DeductibleOrder(enum.StrEnum):
    PCT_THEN_DEDUCT = "pct_then_deduct"
    DEDUCT_THEN_PCT = "deduct_then_pct"


class RecoverySharing(enum.StrEnum):
    LOSS_SHARE = "loss_share"
    RECEIVABLE_RATIO = "receivable_ratio"


class CollectionStage(enum.StrEnum):
    REMINDER = "reminder"
    CALL = "call"
    FORMAL_DEMAND = "formal_demand"
    LEGAL = "legal"


@dataclass(frozen=True)
class LadderStep:
    days: int
    stage: CollectionStage


DEFAULT_LADDER = (
    LadderStep(7, CollectionStage.REMINDER),
    LadderStep(15, CollectionStage.CALL),
    LadderStep(30, CollectionStage.FORMAL_DEMAND),
    LadderStep(45, CollectionStage.LEGAL),
)

class TermsChanges(TypedDict, total=False):
    """Some of the terms, changed: what is left out keeps its default or previous value."""

    insured_pct_insurer_limit: Decimal
    insured_pct_discretionary: Decimal
    max_credit_period_days: int
    max_extension_period_days: int
    notification_deadline_days: int
    waiting_period_days: int
    claim_filing_deadline_days: int
    discretionary_limit_max: Decimal
    threshold: Decimal
    deductible_per_buyer: Decimal
    minimum_retention: Decimal
    deductible_order: DeductibleOrder
    vat_covered: bool
    aggregate_first_loss: Decimal
    max_liability: Decimal | None
    max_liability_premium_multiple: Decimal
    recovery_sharing: RecoverySharing
    limit_reduction_notice_days: int
    premium_rate: Decimal
    minimum_premium: Decimal
    collection_ladder: Sequence[LadderStep]


MONEY_TERMS = (
    "discretionary_limit_max",
    "threshold",
    "deductible_per_buyer",
    "minimum_retention",
    "aggregate_first_loss",
    "max_liability",
    "minimum_premium",
)


@dataclass(frozen=True)
class PolicyTerms:
    insured_pct_insurer_limit: Decimal = Decimal("90")
    insured_pct_discretionary: Decimal = Decimal("80")
    max_credit_period_days: int = 120
    max_extension_period_days: int = 60
    notification_deadline_days: int = 30
    waiting_period_days: int = 180
    claim_filing_deadline_days: int = 180
    discretionary_limit_max: Decimal = Decimal("20000")
    threshold: Decimal = Decimal("0")
    deductible_per_buyer: Decimal = Decimal("0")
    minimum_retention: Decimal = Decimal("0")
    deductible_order: DeductibleOrder = DeductibleOrder.PCT_THEN_DEDUCT
    vat_covered: bool = False
    aggregate_first_loss: Decimal = Decimal("0")
    max_liability: Decimal | None = None
    max_liability_premium_multiple: Decimal = Decimal("30")
    recovery_sharing: RecoverySharing = RecoverySharing.LOSS_SHARE
    limit_reduction_notice_days: int = 30
    premium_rate: Decimal = Decimal("0.25")
    minimum_premium: Decimal = Decimal("5000")
    collection_ladder: Sequence[LadderStep] = field(default=DEFAULT_LADDER)
    """Always a tuple once made, whatever sequence it was given: the terms are immutable."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "collection_ladder", tuple(self.collection_ladder))

    def amended(self, **changes: Unpack[TermsChanges]) -> PolicyTerms:
        return dataclasses.replace(self, **changes)

    def to_json(self) -> JsonObject:
        """Plain JSON: decimals as strings, enums as values, the ladder as a list."""
        return {
            f.name: _json_value(getattr(self, f.name)) for f in dataclasses.fields(self)
        }

    @classmethod
    def from_json(cls, raw: JsonObject) -> PolicyTerms:
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name in raw:
                values[f.name] = _from_json(f.name, raw[f.name])
        return cls(**values)


def _json_value(value: object) -> Json:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, tuple):
        return [{"days": step.days, "stage": step.stage.value} for step in value]
    if isinstance(value, str | int) or value is None:  # days, flags, no max liability
        return value
    raise TypeError(f"Not a term's value: {value!r}")


_DECIMALS = frozenset(
    {*MONEY_TERMS, "insured_pct_insurer_limit", "insured_pct_discretionary",
     "max_liability_premium_multiple", "premium_rate"}
)


def _from_json(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _DECIMALS:
        return Decimal(value)
    if name == "deductible_order":
        return DeductibleOrder(value)
    if name == "recovery_sharing":
        return RecoverySharing(value)
    if name == "collection_ladder":
        return tuple(LadderStep(int(s["days"]), CollectionStage(s["stage"])) for s in value)
    return value
