"""The claim pre-check an insured runs on an open case: what would be paid if the claim were
assessed today, and what makes it smaller than the debt, each reduction with its amount.

The reductions and the indemnity add up to the total debt, so nothing is left unexplained:

    total debt = Σ reductions + indemnity
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from sqlalchemy.orm import Session

from claims.cases import get_case
from claims.filing import insolvency_date
from claims.indemnity import (
    InvoiceLine,
    LossCause,
    LossEvent,
    ReasonCode,
    Statement,
    statement_of_loss,
)
from claims.loader import claim_facts
from claims.models import CollectionCase
from core.actor import Actor
from core.clock import today
from core.money import format_money
from core.plain import JsonObject

ZERO = Decimal(0)
R = ReasonCode

# An invoice out for several reasons is counted once, under the first of these it carries.
EXCLUSION_ORDER = (
    (R.NOTIFIED_LATE, "late_notification"), (R.BUYER_COVER_VOID, "late_notification"),
    (R.TERMS_OVER_MCT, "terms_over_mct"), (R.NO_LIMIT, "no_limit"),
    (R.AFTER_STOP, "after_stop"), (R.OUTSIDE_POLICY_PERIOD, "outside_policy_period"),
    (R.DISPUTED, "disputed"),
)
TEXTS = {
    "late_notification": "Notified after the deadline: cover on the buyer is void.",
    "terms_over_mct": "Payment terms over the policy's maximum credit period.",
    "no_limit": "Delivered when no credit limit covered the buyer.",
    "after_stop": "Delivered after cover for new deliveries to the buyer stopped.",
    "outside_policy_period": "Delivered outside the policy period.",
    "disputed": "In dispute: set aside until the dispute is resolved.",
    "vat_excluded": "VAT, which the policy does not cover.",
    "above_limit": "Owed on covered deliveries beyond the credit limit.",
    "threshold": "The loss is at or below the policy's threshold.",
    "uninsured_share": "The uninsured percentage the insured keeps.",
    "deduction": "The deductible, or the minimum retention.",
    "aggregate_first_loss": "Borne by the insured under the aggregate first loss.",
    "max_liability": "Beyond the policy year's maximum liability.",
}


@dataclass(frozen=True)
class Reduction:
    code: str
    amount: Decimal
    invoices: tuple[str, ...] = ()

    def to_json(self, currency: str) -> JsonObject:
        return {"code": self.code, "amount": format_money(self.amount, currency),
                "invoices": list(self.invoices), "text": TEXTS[self.code]}


@dataclass(frozen=True)
class PreCheck:
    as_of: dt.date
    claimable: bool
    """Whether a claim could be filed today: the date of loss has come."""
    statement: Statement
    reductions: tuple[Reduction, ...]

    def to_json(self) -> JsonObject:
        currency = self.statement.currency
        return {
            "as_of": self.as_of.isoformat(), "claimable": self.claimable,
            "cause": self.statement.cause.value,
            "date_of_loss": _iso(self.statement.date_of_loss),
            "claim_filing_deadline": _iso(self.statement.claim_filing_deadline),
            "indemnity": format_money(self.statement.indemnity, currency),
            "total_debt": format_money(self.statement.total_debt, currency),
            "reductions": [r.to_json(currency) for r in self.reductions],
            # The stored statement's shape holds JSON values only.
            "statement": cast(JsonObject, self.statement.to_json()),
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def projected_statement(session: Session, case: CollectionCase, day: dt.date) -> Statement:
    """The statement of loss if the claim were assessed on `day`: on insolvency when the buyer
    is insolvent by then, otherwise on protracted default (its date of loss may be ahead)."""
    insolvent = insolvency_date(session, case.buyer_id, day)
    loss = (LossEvent(LossCause.INSOLVENCY, insolvent) if insolvent
            else LossEvent(LossCause.PROTRACTED_DEFAULT))
    return statement_of_loss(claim_facts(session, case, loss))


def pre_check(session: Session, case_id: int, *, actor: Actor) -> PreCheck:
    case = get_case(session, case_id, actor=actor)
    day = today()
    statement = projected_statement(session, case, day)
    loss_date = statement.date_of_loss
    return PreCheck(as_of=day, claimable=loss_date is not None and loss_date <= day,
                    statement=statement, reductions=reductions(statement))


def reductions(statement: Statement) -> tuple[Reduction, ...]:
    """From the total debt to the indemnity, step by step."""
    amounts: dict[str, Decimal] = {}
    invoices: dict[str, list[str]] = {}

    def take(code: str, amount: Decimal, number: str | None = None) -> None:
        if amount > 0:
            amounts[code] = amounts.get(code, ZERO) + amount
            if number is not None:
                invoices.setdefault(code, []).append(number)

    for line in statement.invoices:
        _line(line, take)
    take("above_limit", statement.net_outstanding - statement.covered_amount)
    if statement.threshold_applied:
        take("threshold", statement.covered_amount)
    take("uninsured_share", statement.covered_amount - statement.insured_share
         if not statement.threshold_applied else ZERO)
    take("deduction", statement.deduction)
    take("aggregate_first_loss", statement.aggregate_first_loss_absorbed)
    take("max_liability", statement.max_liability_cap_applied)
    return tuple(Reduction(code, amount, tuple(invoices.get(code, ())))
                 for code, amount in amounts.items())


def _line(line: InvoiceLine, take: Any) -> None:
    disputed = line.disputed_amount if line.outstanding > 0 else ZERO
    take("disputed", disputed, line.number)
    if line.eligible:
        take("vat_excluded", line.vat_excluded, line.number)
        return
    codes = {reason.code for reason in line.reasons}
    category = next(name for code, name in EXCLUSION_ORDER if code in codes)
    take(category, line.outstanding - disputed, line.number)
