"""Limit requests in bulk: a CSV or XLSX file of buyers and amounts, each row sent through the
same service as a single request (`requests.request_limit`) in a savepoint of its own. A row
that fails (a buyer not in the database, an amount that is not one, a rule that refuses it) is
reported on its line and leaves no trace; the others go on. A file that cannot be read as a
whole (not CSV or XLSX, empty, lacking a column, too long) changes nothing (docs/api.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypedDict

from marshmallow import Schema, ValidationError, fields, post_load, validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from buyers_db.identifiers import registration_key
from buyers_db.models import Buyer
from core import audit
from core.actor import Actor
from core.errors import DomainError, RuleViolation
from core.fields import Money, Text
from core.plain import Document
from core.spreadsheets import Row, read_rows
from underwriting.limits.models import RequestStatus
from underwriting.limits.requests import ASK, policy_in_force, request_limit

COLUMNS = ("country", "registration_number", "amount", "payment_terms_days", "reference")
MAX_ROWS = 1000
FAILED = "failed"
UNKNOWN_BUYER = "No buyer with this registration number in this country."
INVALID_ROW = "The row is not valid."


class BulkRowFields(TypedDict):
    country: str
    registration_number: str
    amount: Decimal
    payment_terms_days: int
    reference: str | None


@dataclass(frozen=True, slots=True)
class BulkRow:
    """One limit asked for in the file: the buyer it names, and the amount and terms."""

    country: str
    registration_number: str
    amount: Decimal
    payment_terms_days: int
    reference: str | None


class BulkRowSchema(Schema):
    """One row of the file, every value as text."""

    country = Text(required=True, validate=validate.Regexp(
        r"^[A-Za-z]{2}$", error="Not an ISO 3166 country code."))
    registration_number = Text(required=True, validate=validate.Length(min=1, max=64))
    amount = Money(required=True, allow_zero=False)
    payment_terms_days = fields.Integer(required=True, validate=validate.Range(min=1, max=3650))
    reference = Text(load_default=None, validate=validate.Length(max=64))

    @post_load
    def _row(self, loaded: BulkRowFields, **_: object) -> BulkRow:
        return BulkRow(**loaded)


@dataclass
class RowResult:
    line: int
    status: str
    request_id: int | None = None
    message: str | None = None
    """Why the row failed: one sentence, with `details` naming the fields at fault."""
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def error(self) -> str | None:
        if self.message is None:
            return None
        said = "; ".join(f"{name}: {problem}" for name, problem in self.details)
        return f"{self.message} ({said})" if said else self.message


@dataclass
class BulkReport:
    rows: list[RowResult]

    def _count(self, *statuses: str) -> int:
        return sum(1 for row in self.rows if row.status in statuses)

    @property
    def decided(self) -> int:
        return self._count(RequestStatus.APPROVED, RequestStatus.PARTIAL, RequestStatus.REFUSED)

    @property
    def referred(self) -> int:
        return self._count(RequestStatus.REFERRED)

    @property
    def failed(self) -> int:
        return self._count(FAILED)


def request_limits_in_bulk(
    session: Session, *, actor: Actor, policy_id: int, content: bytes | None
) -> BulkReport:
    """Send each row of `content` as a limit request under the policy; report each line."""
    actor.require(ASK)
    policy = policy_in_force(session, policy_id, actor)  # another insured's policy: 404 first
    rows = read_rows(content, COLUMNS, max_rows=MAX_ROWS)
    report = BulkReport([_one(session, actor, policy.id, row) for row in rows])
    audit.record(session, actor, "limit_request.bulk", policy, insured_id=policy.insured_id,
                 after={"rows": len(report.rows), "decided": report.decided,
                        "referred": report.referred, "failed": report.failed})
    return report


def _one(session: Session, actor: Actor, policy_id: int, row: Row) -> RowResult:
    try:
        with session.begin_nested():
            values = _loaded(row)
            made = request_limit(session, actor=actor, policy_id=policy_id,
                                 buyer_id=_buyer_id(session, values), amount=values.amount,
                                 payment_terms_days=values.payment_terms_days,
                                 reference=values.reference)
            session.flush()
    except DomainError as error:
        return RowResult(row.line, FAILED, message=error.message,
                         details=list(_details(error.fields)))
    return RowResult(row.line, made.status.value, request_id=made.id)


def _loaded(row: Row) -> BulkRow:
    present = {name: value for name, value in row.values.items() if value != ""}
    try:
        loaded: BulkRow = BulkRowSchema().load(present)
    except ValidationError as error:
        problems = error.messages if isinstance(error.messages, dict) else {"row": error.messages}
        raise RuleViolation(INVALID_ROW, fields=problems) from None
    return loaded


def _buyer_id(session: Session, values: BulkRow) -> int:
    """The buyer by country and registration number, compared in its normalised form."""
    key = registration_key(values.registration_number)
    found = session.scalar(select(Buyer.id).where(
        Buyer.country == values.country.upper(), Buyer.registration_key == key))
    if found is None:
        raise RuleViolation(UNKNOWN_BUYER, fields={"registration_number": ["Not found."]})
    return found


def _details(problems: Document, prefix: str = "") -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, said in problems.items():
        where = f"{prefix}{name}"
        if isinstance(said, dict):
            found += _details(said, f"{where}.")
        elif isinstance(said, list | tuple):
            found += [(where, str(one)) for one in said]
        else:
            found.append((where, str(said)))
    return found
