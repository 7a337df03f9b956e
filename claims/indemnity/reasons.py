"""Why an invoice is in or out of the statement of loss, as a code and a sentence."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TypedDict


class ReasonCode(enum.StrEnum):
    # each of these puts the whole invoice out
    OUTSIDE_POLICY_PERIOD = "outside_policy_period"
    NO_LIMIT = "no_limit"
    AFTER_STOP = "after_stop"
    TERMS_OVER_MCT = "terms_over_mct"
    DISPUTED = "disputed"
    NOTIFIED_LATE = "notified_late"
    BUYER_COVER_VOID = "buyer_cover_void"
    # each of these takes a part out and leaves the invoice in
    PARTLY_DISPUTED = "partly_disputed"
    VAT_EXCLUDED = "vat_excluded"
    PAID = "paid"


EXCLUDING = frozenset({
    ReasonCode.OUTSIDE_POLICY_PERIOD, ReasonCode.NO_LIMIT, ReasonCode.AFTER_STOP,
    ReasonCode.TERMS_OVER_MCT, ReasonCode.DISPUTED, ReasonCode.NOTIFIED_LATE,
    ReasonCode.BUYER_COVER_VOID,
})


class StoredReason(TypedDict):
    """A reason as the stored statement keeps it."""

    code: str
    text: str
    excludes: bool


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    text: str

    @property
    def excludes(self) -> bool:
        """Whether this reason alone puts the whole invoice out of the claim."""
        return self.code in EXCLUDING

    def to_json(self) -> StoredReason:
        return {"code": self.code.value, "text": self.text, "excludes": self.excludes}
