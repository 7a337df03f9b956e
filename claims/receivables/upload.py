"""Uploading the receivables ledger: a CSV or XLSX file of the open invoices of every buyer
under one policy (core.spreadsheets reads it, told apart by content). The rows that are right
replace every line the policy held; a row that is not is reported on its line, field by field,
and left out. A file that cannot be read as a whole changes nothing (docs/api.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict

from marshmallow import ValidationError, post_load, validate
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from buyers_db.identifiers import registration_key
from buyers_db.models import Buyer
from claims.notifications import OverdueInvoice, invoice_problems
from claims.receivables.models import ReceivableLine
from claims.schemas import InvoiceFieldsSchema, NotifiedInvoiceFields, overdue_invoice
from core import audit
from core.actor import INSURED_ROLES, Action, Actor, Permission
from core.clock import utcnow
from core.errors import RuleViolation
from core.fields import Text
from core.spreadsheets import Row, read_rows
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy

COLUMNS = ("country", "registration_number", "invoice_number", "invoice_date", "delivery_date",
           "due_date", "amount", "vat_amount")
MAX_ROWS = 20_000
UNKNOWN_BUYER = "No buyer with this registration number in this country."


class LedgerRowFields(NotifiedInvoiceFields):
    country: str
    registration_number: str


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One row of the ledger: the buyer it names, and the invoice."""

    country: str
    registration_number: str
    invoice: OverdueInvoice


class ReceivableRowSchema(InvoiceFieldsSchema):
    """One row of the ledger, every value as text: the buyer, then the invoice as an overdue
    notification would list it (the same rules)."""

    country = Text(required=True, validate=validate.Regexp(
        r"^[A-Za-z]{2}$", error="Not an ISO 3166 country code."))
    registration_number = Text(required=True, validate=validate.Length(min=1, max=64))
    number = Text(required=True, data_key="invoice_number", validate=validate.Length(
        min=1, max=64))

    @post_load
    def _row(self, loaded: LedgerRowFields, **_kwargs: object) -> LedgerRow:
        return LedgerRow(loaded["country"], loaded["registration_number"],
                         overdue_invoice(loaded))


class LedgerLine(TypedDict):
    """A `ReceivableLine` as the bulk insert writes it."""

    insured_id: int
    policy_id: int
    buyer_id: int
    invoice_number: str
    invoice_date: dt.date
    delivery_date: dt.date
    due_date: dt.date
    amount: Decimal
    vat_amount: Decimal
    uploaded_at: dt.datetime
    uploaded_by: int | None


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


@dataclass(frozen=True)
class UploadReport:
    policy_id: int
    stored: int
    """Lines now in the ledger: the previous upload's are gone."""
    errors: list[RowError]
    uploaded_at: dt.datetime

    @property
    def rejected(self) -> int:
        return len({error.line for error in self.errors})


UPLOAD = Action.of("upload the open receivables", *INSURED_ROLES,
                   broker=Permission.REPORT_OVERDUES)


def replace_receivables(
    session: Session, *, actor: Actor, policy_id: int, content: bytes | None,
    mapping: Mapping[str, str] | None = None,
) -> UploadReport:
    """Replace the policy's ledger with the right rows of `content`; report the others.

    `mapping` names, for each column of the ledger, the file's column that holds it, when the
    file's header does not use the ledger's names."""
    actor.require(UPLOAD)
    policy = get_policy(session, policy_id, actor=actor)  # another insured's policy: 404 first
    rows = _renamed(read_rows(content, _wanted(mapping), max_rows=MAX_ROWS), mapping)
    errors: list[RowError] = []
    loaded = [(row.line, values) for row in rows
              if (values := _loaded(row, policy.currency, errors)) is not None]
    buyers = _buyer_ids(session, [values for _line, values in loaded])
    now, kept, seen = utcnow(), [], set()
    for line, values in loaded:
        buyer_id = buyers.get((values.country.upper(), registration_key(
            values.registration_number)))
        if buyer_id is None:
            errors.append(RowError(line, "registration_number", UNKNOWN_BUYER))
        elif (buyer_id, values.invoice.number) in seen:
            errors.append(RowError(line, "invoice_number", "Listed twice for this buyer."))
        else:
            seen.add((buyer_id, values.invoice.number))
            kept.append(_line(policy, actor, buyer_id, values.invoice, now))
    session.execute(delete(ReceivableLine).where(ReceivableLine.policy_id == policy.id))
    if kept:
        session.execute(insert(ReceivableLine), kept)
    errors.sort(key=lambda error: (error.line, error.field))
    report = UploadReport(policy.id, len(kept), errors, now)
    audit.record(session, actor, "receivables.upload", policy, insured_id=policy.insured_id,
                 after={"lines": report.stored, "rejected": report.rejected})
    return report


def _wanted(mapping: Mapping[str, str] | None) -> Sequence[str]:
    if mapping is None:
        return COLUMNS
    chosen = [mapping.get(column, "").strip().lower() for column in COLUMNS]
    missing = [column for column, name in zip(COLUMNS, chosen, strict=True) if not name]
    if missing:
        raise RuleViolation("Say which column holds each of the ledger's.",
                            fields={"mapping": [f"Missing: {', '.join(missing)}."]})
    if len(set(chosen)) != len(chosen):
        raise RuleViolation("One column of the file cannot hold two of the ledger's.",
                            fields={"mapping": ["A column is chosen twice."]})
    return chosen


def _renamed(rows: list[Row], mapping: Mapping[str, str] | None) -> list[Row]:
    if mapping is None:
        return rows
    names = {mapping[column].strip().lower(): column for column in COLUMNS}
    return [Row(row.line, {names[name]: value for name, value in row.values.items()})
            for row in rows]


def _loaded(row: Row, currency: str, errors: list[RowError]) -> LedgerRow | None:
    present = {name: value for name, value in row.values.items() if value != ""}
    try:
        values: LedgerRow = ReceivableRowSchema().load(present)
    except ValidationError as error:
        errors.extend(_errors(row.line, error.messages))
        return None
    problems = invoice_problems(values.invoice, currency)
    if problems:
        errors.extend(_errors(row.line, problems))
        return None
    return values


def _errors(line: int, messages: Any) -> list[RowError]:
    if not isinstance(messages, dict):
        return [RowError(line, "row", str(messages))]
    found = []
    for name, said in messages.items():
        field = "invoice_number" if name == "number" else str(name)
        for message in said if isinstance(said, list) else [said]:
            found.append(RowError(line, field, str(message)))
    return found


def _buyer_ids(session: Session, rows: list[LedgerRow]) -> dict[tuple[str, str], int]:
    """The buyers the rows name, by country and registration number in its normalised form,
    read in one query per thousand numbers."""
    keys = sorted({registration_key(values.registration_number) for values in rows})
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(keys), 1000):
        query = select(Buyer.country, Buyer.registration_key, Buyer.id).where(
            Buyer.registration_key.in_(keys[start:start + 1000]))
        for country, key, buyer_id in session.execute(query):
            found[(country, key)] = buyer_id
    return found


def _line(
    policy: Policy, actor: Actor, buyer_id: int, invoice: OverdueInvoice, now: dt.datetime
) -> LedgerLine:
    return {
        "insured_id": policy.insured_id, "policy_id": policy.id, "buyer_id": buyer_id,
        "invoice_number": invoice.number, "invoice_date": invoice.invoice_date,
        "delivery_date": invoice.delivery_date, "due_date": invoice.due_date,
        "amount": invoice.amount, "vat_amount": invoice.vat_amount,
        "uploaded_at": now, "uploaded_by": actor.user_id,
    }
