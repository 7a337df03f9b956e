"""What the statement of loss is computed from: plain frozen values, no database.

Amounts are `Decimal` in the policy's currency, already in its minor unit (as the API accepts
them); dates are `datetime.date`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from underwriting.limits.models import LimitType
from underwriting.policies.terms import PolicyTerms

ZERO = Decimal(0)


class LossCause(enum.StrEnum):
    PROTRACTED_DEFAULT = "protracted_default"
    INSOLVENCY = "insolvency"


class SettlementKind(enum.StrEnum):
    PAYMENT = "payment"
    CREDIT_NOTE = "credit_note"


@dataclass(frozen=True)
class PolicyPeriod:
    """The policy year, both ends included."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@dataclass(frozen=True)
class Invoice:
    """One notified invoice. `amount` includes VAT; `vat_amount` is the VAT part of it.

    A dispute sets aside `disputed_amount` (a part of `amount`, VAT included);
    `disputed=True` sets aside the whole invoice. `notified_on` is when this invoice's overdue
    was notified, when that was later than the claim's first notification (the insured added
    it to an open case); None means with the first.
    """

    number: str
    invoice_date: dt.date
    delivery_date: dt.date
    due_date: dt.date
    amount: Decimal
    vat_amount: Decimal = ZERO
    disputed_amount: Decimal = ZERO
    disputed: bool = False
    notified_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError(f"invoice {self.number}: amount must be positive")
        if not ZERO <= self.vat_amount <= self.amount:
            raise ValueError(f"invoice {self.number}: VAT must be between 0 and the amount")
        if not ZERO <= self.disputed_amount <= self.amount:
            raise ValueError(f"invoice {self.number}: disputed part must be within the amount")

    @property
    def set_aside(self) -> Decimal:
        """The disputed part, which payments never reach until the dispute is resolved."""
        return self.amount if self.disputed else self.disputed_amount

    @property
    def terms_days(self) -> int:
        return (self.due_date - self.invoice_date).days


@dataclass(frozen=True)
class Settlement:
    """A payment received or a credit note issued. `stated_invoice` is what the buyer said it
    paid; it is kept for the record and ignored, since money goes to the oldest open invoice."""

    amount: Decimal
    received_on: dt.date
    kind: SettlementKind = SettlementKind.PAYMENT
    stated_invoice: str | None = None

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise ValueError("a payment or credit note must be positive")


class AppliedLimit(Protocol):
    """The limit that covered deliveries on a date. `underwriting.limits.grants.Cover`
    is one, and so is `LimitVersion`."""

    @property
    def type(self) -> LimitType: ...

    @property
    def amount(self) -> Decimal: ...


@dataclass(frozen=True)
class LimitVersion:
    """One row of the limit history: from `effective_from` on, deliveries are covered up to
    `amount` under a limit of this `type`, until the next row."""

    effective_from: dt.date
    amount: Decimal
    type: LimitType = LimitType.INSURER


LimitLookup = Callable[[dt.date], AppliedLimit | None]
LimitHistory = Sequence[LimitVersion] | LimitLookup
"""Either the effective-dated rows, or a function answering "which limit covered a delivery on
this date" (for instance `lambda day: cover_on(session, policy_id, buyer_id, day)`)."""


@dataclass(frozen=True)
class LossEvent:
    cause: LossCause
    insolvency_date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.cause == LossCause.INSOLVENCY and self.insolvency_date is None:
            raise ValueError("an insolvency needs its date")


@dataclass(frozen=True)
class PolicyYearToDate:
    """The policy year so far, before this claim: indemnities already paid (or approved),
    how much of the aggregate first loss earlier claims absorbed, and the year's premium."""

    indemnity_paid: Decimal = ZERO
    aggregate_first_loss_absorbed: Decimal = ZERO
    premium: Decimal = ZERO


@dataclass(frozen=True)
class ClaimFacts:
    """Everything the statement of loss for one buyer is computed from.

    `stop_date`: the first delivery date no longer covered. Leave it None and the engine works
    it out with `stop_date()` (the notification or the first MEP expiry, whichever first).
    """

    currency: str
    period: PolicyPeriod
    terms: PolicyTerms
    invoices: tuple[Invoice, ...]
    notified_on: dt.date
    loss: LossEvent
    limits: LimitHistory
    settlements: tuple[Settlement, ...] = ()
    year: PolicyYearToDate = PolicyYearToDate()
    stop_date: dt.date | None = None

    def __post_init__(self) -> None:
        numbers = [invoice.number for invoice in self.invoices]
        if len(set(numbers)) != len(numbers):
            raise ValueError("invoice numbers must be unique within a claim")
