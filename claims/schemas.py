"""The JSON shape of overdue notifications, collection cases, claims and recoveries (docs/api.md).
Money is a decimal string in the case's currency, to its minor unit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict

from marshmallow import Schema, fields, post_load, validate

from claims.indemnity import LossCause
from claims.indemnity.facts import SettlementKind
from claims.indemnity.statement import MONEY
from claims.notifications import OverdueInvoice
from claims.states import CaseStatus, ClaimStatus, DisputeOutcome, DisputeStatus
from core.fields import BusinessDate, Id, Money, Text
from underwriting.policies.terms import CollectionStage

_CURRENCY: dict[str, Any] = {
    "load_default": None, "validate": validate.Length(equal=3),
    "metadata": {"description": "Optional; when given, must be the policy's currency."}}
_NUMBER = validate.Length(min=1, max=64)


class NotifiedInvoiceFields(TypedDict):
    """An invoice as `NotifiedInvoiceSchema` reads it, before it becomes an `OverdueInvoice`."""

    number: str
    invoice_date: dt.date
    delivery_date: dt.date
    due_date: dt.date
    amount: Decimal
    vat_amount: Decimal | None


def overdue_invoice(loaded: NotifiedInvoiceFields) -> OverdueInvoice:
    return OverdueInvoice(
        number=loaded["number"], invoice_date=loaded["invoice_date"],
        delivery_date=loaded["delivery_date"], due_date=loaded["due_date"],
        amount=loaded["amount"], vat_amount=loaded["vat_amount"] or Decimal(0))


class InvoiceFieldsSchema(Schema):
    """The fields of an unpaid invoice, as a notification or a receivables ledger lists it."""

    number = Text(required=True, validate=_NUMBER)
    invoice_date = BusinessDate(required=True)
    delivery_date = BusinessDate(required=True)
    due_date = BusinessDate(required=True)
    amount = Money(required=True, allow_zero=False,
                   metadata={"description": "VAT included."})
    vat_amount = Money(load_default=None, allow_none=True,
                       metadata={"description": "The VAT part of `amount`."})



class NotifiedInvoiceSchema(InvoiceFieldsSchema):
    @post_load
    def _invoice(self, loaded: NotifiedInvoiceFields, **_kwargs: object) -> OverdueInvoice:
        return overdue_invoice(loaded)


class NotificationCreateSchema(Schema):
    policy_id = Id(required=True)
    buyer_id = Id(required=True)
    notified_on = BusinessDate(load_default=None, metadata={"description": "Default: today."})
    currency = Text(**_CURRENCY)
    invoices = fields.List(fields.Nested(NotifiedInvoiceSchema), required=True)


class IssueSchema(Schema):
    code = Text()
    text = Text()
    excludes = fields.Boolean()


class InvoiceSchema(Schema):
    number = Text()
    invoice_date = BusinessDate()
    delivery_date = BusinessDate()
    due_date = BusinessDate()
    amount = Money(currency_from="currency")
    vat_amount = Money(currency_from="currency")
    notified_on = BusinessDate()
    issues = fields.List(fields.Nested(IssueSchema))


class NotificationSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    policy_id = fields.Integer()
    buyer_id = fields.Integer()
    notified_on = BusinessDate()
    invoices = fields.List(fields.Nested(InvoiceSchema))


class InvoiceBalanceSchema(InvoiceSchema):
    settled = Money(currency_from="currency")
    in_dispute = Money(currency_from="currency")
    not_owed = Money(currency_from="currency")
    outstanding = Money(currency_from="currency")


class BalancesSchema(Schema):
    invoiced = Money(currency_from="currency")
    paid = Money(currency_from="currency")
    credited = Money(currency_from="currency")
    in_dispute = Money(currency_from="currency")
    not_owed = Money(currency_from="currency")
    outstanding = Money(currency_from="currency")
    unapplied = Money(currency_from="currency")


class CaseSettlementSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    kind = fields.Enum(SettlementKind, by_value=True)
    amount = Money(currency_from="currency")
    currency = Text()
    received_on = BusinessDate()
    reference = Text(allow_none=True)


class SettlementSchema(CaseSettlementSchema):
    case_status = fields.Function(lambda s: s.case.status.value,
                                  metadata={"type": "string", "description": "After this."})


class PaymentCreateSchema(Schema):
    amount = Money(required=True, allow_zero=False)
    received_on = BusinessDate(required=True)
    reference = Text(load_default=None, allow_none=True, validate=_NUMBER)
    currency = Text(**_CURRENCY)


class CreditNoteCreateSchema(Schema):
    amount = Money(required=True, allow_zero=False)
    issued_on = BusinessDate(required=True)
    number = Text(required=True, validate=_NUMBER)
    currency = Text(**_CURRENCY)


class DisputeCreateSchema(Schema):
    invoice_number = Text(required=True, validate=_NUMBER)
    amount = Money(required=True, allow_zero=False)
    reason = Text(multiline=True, required=True, validate=validate.Length(min=1, max=2000))
    currency = Text(**_CURRENCY)


class DisputeResolveSchema(Schema):
    outcome = fields.Enum(DisputeOutcome, by_value=True, required=True, metadata={
        "description": "owed: the amount is back in the case; not_owed: the buyer was right."})


class DisputeSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    invoice_number = Text()
    amount = Money(currency_from="currency")
    reason = Text()
    status = fields.Enum(DisputeStatus, by_value=True)
    outcome = fields.Enum(DisputeOutcome, by_value=True, allow_none=True)
    opened_on = BusinessDate()
    resolved_on = BusinessDate(allow_none=True)


class EventSchema(Schema):
    on = BusinessDate()
    kind = Text()
    detail = Text()
    amount = Money(currency_from="currency", allow_none=True)


class DeadlineSchema(Schema):
    kind = Text(metadata={"description": "notification_deadline or "
                                                  "claim_filing_deadline"})
    date = BusinessDate()
    met = fields.Boolean(allow_none=True)
    days_left = fields.Integer()
    invoice_number = Text(allow_none=True)
    note = Text()


class CaseSchema(Schema):
    id = fields.Integer()
    policy_id = fields.Integer()
    buyer_id = fields.Integer()
    currency = Text()
    status = fields.Enum(CaseStatus, by_value=True)
    stage = fields.Enum(CollectionStage, by_value=True, allow_none=True)
    stage_since = BusinessDate(allow_none=True)
    notified_on = BusinessDate()
    stop_date = BusinessDate(metadata={"description": "Deliveries from this date are not covered."})
    closed_on = BusinessDate(allow_none=True)


class CaseDetailSchema(CaseSchema):
    invoices = fields.List(fields.Nested(InvoiceBalanceSchema), attribute="balances.invoices")
    balances = fields.Nested(BalancesSchema)
    settlements = fields.List(fields.Nested(CaseSettlementSchema))
    disputes = fields.List(fields.Nested(DisputeSchema))
    timeline = fields.List(fields.Nested(EventSchema))
    claim_ids = fields.Function(lambda view: [claim.id for claim in view.claims],
                                metadata={"type": "array", "items": {"type": "integer"}})
    deadlines = fields.List(fields.Nested(DeadlineSchema))
    warnings = fields.List(fields.Nested(DeadlineSchema), metadata={
        "description": "Deadlines missed, or due within 30 days."})


class ClaimCreateSchema(Schema):
    case_id = Id(required=True)
    cause = fields.Enum(LossCause, by_value=True, required=True)


class RejectSchema(Schema):
    reason = Text(multiline=True, required=True, validate=validate.Length(min=1, max=2000))


class PaySchema(Schema):
    paid_on = BusinessDate(required=True)


class RecoveryCreateSchema(Schema):
    amount = Money(required=True, allow_zero=False)
    received_on = BusinessDate(required=True)
    currency = Text(**_CURRENCY)


class RecoverySchema(Schema):
    id = fields.Integer()
    claim_id = fields.Integer()
    amount = Money(currency_from="currency")
    received_on = BusinessDate()
    sharing = Text()
    insurer_share = Money(currency_from="currency")
    insured_share = Money(currency_from="currency")


def _statement_fields() -> dict[str, fields.Field[Any]]:
    text = {name: Text() for name in (
        "currency", "cause", "date_of_loss", "claim_filing_deadline", "notified_on",
        "stop_date", "insured_pct", "deductible_order", *MONEY)}
    return {**text, "threshold_applied": fields.Boolean(),
            "invoices": fields.List(fields.Dict(), metadata={
                "description": "Each invoice's line: figures, `eligible` and `reasons`."})}


LossStatementSchema = Schema.from_dict(_statement_fields(), name="LossStatementSchema")


class ClaimSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    policy_id = fields.Integer()
    buyer_id = fields.Integer()
    currency = Text()
    cause = fields.Enum(LossCause, by_value=True)
    status = fields.Enum(ClaimStatus, by_value=True)
    insolvency_date = BusinessDate(allow_none=True)
    date_of_loss = BusinessDate()
    filed_on = BusinessDate()
    filing_deadline = BusinessDate()
    filed_late = fields.Boolean()
    opened_by = fields.Function(lambda c: "insured" if c.filed_by else "daily_job",
                                metadata={"type": "string"})
    net_outstanding = Money(currency_from="currency", allow_none=True)
    covered_amount = Money(currency_from="currency", allow_none=True)
    insured_pct = fields.Function(
        lambda c: c.statement["insured_pct"] if c.statement else None,
        metadata={"type": "string", "format": "decimal", "nullable": True})
    indemnity = Money(currency_from="currency", allow_none=True)
    assessed_on = BusinessDate(allow_none=True)
    assessed_by = fields.Integer(allow_none=True, metadata={
        "description": "The claims handler who assessed it (none: the daily job)."})
    approved_on = BusinessDate(allow_none=True)
    approved_by = fields.Integer(allow_none=True)
    payable_by = BusinessDate(allow_none=True)
    rejection_reason = Text(allow_none=True)
    paid_on = BusinessDate(allow_none=True)
    paid_amount = Money(currency_from="currency", allow_none=True)
    statement = fields.Nested(LossStatementSchema, allow_none=True, metadata={
        "description": "The statement of loss, once assessed."})
    recoveries = fields.List(fields.Nested(RecoverySchema))


class ReductionSchema(Schema):
    code = Text()
    amount = Text(metadata={"format": "decimal"})
    invoices = fields.List(Text())
    text = Text()


class PreCheckSchema(Schema):
    as_of = Text(metadata={"format": "date"})
    claimable = fields.Boolean()
    cause = Text()
    date_of_loss = Text(allow_none=True, metadata={"format": "date"})
    claim_filing_deadline = Text(allow_none=True, metadata={"format": "date"})
    indemnity = Text(metadata={"format": "decimal"})
    total_debt = Text(metadata={"format": "decimal"})
    reductions = fields.List(fields.Nested(ReductionSchema), metadata={
        "description": "What makes the indemnity smaller than the debt; with the indemnity "
                       "they add up to the total debt."})
    statement = fields.Nested(LossStatementSchema)
