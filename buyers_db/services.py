"""Buyers, statements and legal events, one at a time. Bulk loads go through `imports`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from buyers_db.identifiers import registration_key, vat_key
from buyers_db.models import (
    STATEMENT_FIELDS,
    Buyer,
    FinancialStatement,
    LegalEvent,
    LegalEventType,
)
from buyers_db.reference import is_country, nace_section
from buyers_db.search import index_names, normalize
from buyers_db.signals import buyer_changed, legal_event_recorded
from core import audit
from core.actor import INSURED_ROLES, STAFF_ROLES, Action, Actor, Permission
from core.clock import today
from core.errors import Conflict, NotFound, RuleViolation
from core.money import is_currency

BUYER_FIELDS = ("country", "registration_number", "vat_number", "name", "sector", "city",
                "address", "founded_year", "employees")


CREATE = Action.of("add a buyer to the database", *STAFF_ROLES, *INSURED_ROLES,
                   broker=Permission.READ)


def create_buyer(
    session: Session, *, actor: Actor, country: str, registration_number: str, name: str,
    vat_number: str | None = None, sector: str | None = None, city: str | None = None,
    address: str | None = None, founded_year: int | None = None, employees: int | None = None,
) -> Buyer:
    """Add a buyer not yet in the database; (country, registration number) identifies it, in
    its normalised form, and so does its VAT number: another spelling of either is a 409
    naming the buyer already there."""
    actor.require(CREATE)
    country, registration_number = country.upper(), registration_number.strip()
    vat_number = (vat_number or "").strip() or None
    _check_identity(country, registration_number, vat_number, sector, founded_year)
    reg_key, vat = registration_key(registration_number), vat_key(country, vat_number)
    existing = same_buyer(session, country, registration_key=reg_key, vat_key=vat)
    if existing is not None:
        raise Conflict(
            f"This buyer is already in the database (id {existing}).",
            fields={"id": existing,
                    "registration_number": ["Already registered in this country."]},
        )
    buyer = Buyer(country=country, registration_number=registration_number,
                  vat_number=vat_number, name=name, sector=sector, city=city, address=address,
                  founded_year=founded_year, employees=employees, registration_key=reg_key,
                  vat_key=vat, search_name=normalize(name))
    session.add(buyer)
    session.flush()
    index_names(session, [buyer.id])
    audit.record(session, actor, "buyer.create", buyer, insured_id=actor.insured_id,
                 after=audit.snapshot(buyer, *BUYER_FIELDS))
    buyer_changed.send(session, buyer_ids=[buyer.id])
    return buyer


RECORD = Action.of("record a buyer's statements and legal events", *STAFF_ROLES)


def same_buyer(
    session: Session, country: str, *, registration_key: str, vat_key: str | None
) -> int | None:
    """The id of the buyer in `country` with this registration or VAT number, if any."""
    same = Buyer.registration_key == registration_key
    if vat_key is not None:
        same = or_(same, Buyer.vat_key == vat_key)
    return session.scalar(select(Buyer.id).where(Buyer.country == country, same)
                          .order_by(Buyer.id).limit(1))


def _check_identity(
    country: str, registration_number: str, vat_number: str | None, sector: str | None,
    founded: int | None,
) -> None:
    problems: dict[str, list[str]] = {}
    if not registration_key(registration_number):
        problems["registration_number"] = ["Needs at least one letter or digit."]
    if vat_number is not None and not vat_key(country, vat_number):
        problems["vat_number"] = ["Needs at least one letter or digit after the prefix."]
    if not is_country(country):
        problems["country"] = ["Not an ISO 3166 country code."]
    if sector and nace_section(sector) is None:
        problems["sector"] = ["Not a NACE Rev.2 code (e.g. C, 46, 46.9, 46.90)."]
    if founded is not None and not 1800 <= founded <= today().year:
        problems["founded_year"] = ["Not a plausible founding year."]
    if problems:
        raise RuleViolation("Some fields are not valid.", fields=problems)


def get_buyer(session: Session, buyer_id: int) -> Buyer:
    buyer = session.get(Buyer, buyer_id)
    if buyer is None:
        raise NotFound("Buyer not found.")
    return buyer


def buyer_exists(session: Session, buyer_id: int) -> None:
    """Raise `NotFound` unless the buyer is in the database (without loading it)."""
    if session.scalar(select(Buyer.id).where(Buyer.id == buyer_id)) is None:
        raise NotFound("Buyer not found.")


def add_statement(
    session: Session, buyer_id: int, *, actor: Actor, fiscal_year: int, currency: str,
    period_end: dt.date | None = None, **figures: Decimal | None,
) -> FinancialStatement:
    """Record one fiscal year's statement; a year already on file is refused (409)."""
    actor.require(RECORD)
    buyer = get_buyer(session, buyer_id)
    currency = currency.upper()
    if not is_currency(currency):
        raise RuleViolation("Unknown currency.", fields={"currency": ["Not an ISO 4217 code."]})
    _check_statement(figures)
    taken = select(FinancialStatement.id).where(
        FinancialStatement.buyer_id == buyer.id, FinancialStatement.fiscal_year == fiscal_year
    )
    if session.scalar(taken) is not None:
        raise Conflict("A statement for this fiscal year exists.",
                       fields={"fiscal_year": ["Already on file."]})
    statement = FinancialStatement(
        buyer=buyer, fiscal_year=fiscal_year, currency=currency,
        period_end=period_end or dt.date(fiscal_year, 12, 31),
        **{name: figures.get(name) for name in STATEMENT_FIELDS},
    )
    session.add(statement)
    audit.record(session, actor, "buyer.statement.add", statement, insured_id=None,
                 after={"buyer_id": buyer.id, "fiscal_year": fiscal_year, **figures})
    buyer_changed.send(session, buyer_ids=[buyer.id])
    return statement


def _check_statement(figures: dict[str, Decimal | None]) -> None:
    problems: dict[str, list[str]] = {}
    for name in ("revenue", "total_assets", "current_assets", "current_liabilities",
                 "total_liabilities"):
        value = figures.get(name)
        if value is not None and value < 0:
            problems[name] = ["Must not be negative."]
    assets, current = figures.get("total_assets"), figures.get("current_assets")
    if assets is not None and current is not None and current > assets:
        problems["current_assets"] = ["Cannot exceed total assets."]
    if problems:
        raise RuleViolation("The statement does not add up.", fields=problems)


EARLIEST_EVENT = dt.date(1900, 1, 1)


def add_event(
    session: Session, buyer_id: int, *, actor: Actor, type: str, date: dt.date, detail: str = ""
) -> LegalEvent:
    """Record a legal event (insolvency, litigation, ownership change, ceased trading). The
    layers above follow it: insolvency or ceased trading withdraws the limits on the buyer."""
    actor.require(RECORD)
    buyer = get_buyer(session, buyer_id)
    if not EARLIEST_EVENT <= date <= today():
        raise RuleViolation("A legal event is recorded once it has happened.", fields={
            "date": [f"Between {EARLIEST_EVENT.isoformat()} and today."]})
    if type not in set(LegalEventType):
        raise RuleViolation("Unknown legal event.", fields={"type": [
            f"One of {', '.join(kind.value for kind in LegalEventType)}."]})
    kind = LegalEventType(type)
    event = LegalEvent(buyer=buyer, type=kind, date=date, detail=detail)
    session.add(event)
    audit.record(session, actor, "buyer.event.add", event, insured_id=None,
                 after={"buyer_id": buyer.id, "type": type, "date": date, "detail": detail})
    session.flush()
    legal_event_recorded.send(session, buyer_id=buyer.id, type=kind, date=date, actor=actor)
    buyer_changed.send(session, buyer_ids=[buyer.id])
    return event
