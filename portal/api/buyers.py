"""The buyer database: search, identity, statements, legal events, bulk import, grading runs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, request
from marshmallow import Schema, fields
from sqlalchemy import Select
from sqlalchemy.orm import Session

from buyers_db import services
from buyers_db.imports import IMPORT
from buyers_db.models import Buyer, FinancialStatement, LegalEvent
from buyers_db.reference import SECTORS, country_risks, nace_section, sector_name
from buyers_db.schemas import (
    BuyerCreateSchema,
    BuyerSearchSchema,
    LegalEventSchema,
    StatementSchema,
)
from core.actor import Actor
from core.clock import today
from core.errors import RuleViolation
from core.fields import BusinessDate, Text
from portal.api.endpoint import endpoint
from underwriting.grading import queries
from underwriting.grading.records import GradingRun
from underwriting.grading.runs import REGRADE, import_and_grade, run_grading
from underwriting.limits.exposure import standing

bp = Blueprint("buyers", __name__, url_prefix="/api/v1")


class BuyerRowSchema(Schema):
    """A search result: identity, where and what it trades (to tell buyers of one name apart),
    grade and PD (what every role may see)."""

    id = fields.Integer(attribute="Buyer.id")
    country = Text(attribute="Buyer.country")
    registration_number = Text(attribute="Buyer.registration_number")
    vat_number = Text(attribute="Buyer.vat_number", allow_none=True)
    name = Text(attribute="Buyer.name")
    sector = Text(attribute="Buyer.sector", allow_none=True)
    sector_name = fields.Function(lambda row: sector_name(row.Buyer.sector), allow_none=True,
                                  metadata={"type": "string"})
    city = Text(attribute="Buyer.city", allow_none=True)
    grade = fields.Integer(allow_none=True)
    pd = fields.Float(allow_none=True)


class BuyerSchema(Schema):
    id = fields.Integer()
    country = Text()
    registration_number = Text()
    vat_number = Text(allow_none=True)
    name = Text()
    sector = Text(allow_none=True)
    sector_name = Text(allow_none=True)
    city = Text(allow_none=True)
    address = Text(allow_none=True)
    founded_year = fields.Integer(allow_none=True)
    employees = fields.Integer(allow_none=True)
    grade = fields.Integer(allow_none=True)
    pd = fields.Float(allow_none=True)
    graded_on = BusinessDate(allow_none=True)
    model_version = Text(allow_none=True)


class GradeChangeSchema(Schema):
    as_of = BusinessDate()
    previous_grade = fields.Integer(allow_none=True)
    grade = fields.Integer()
    pd = fields.Float()
    model_version = Text()


class StaffBuyerSchema(BuyerSchema):
    """What the insurer's staff see besides: why the grade is what it is, and the figures."""

    factors = fields.Dict(keys=Text(), values=fields.Float())
    grade_set_by = fields.Nested(LegalEventSchema, allow_none=True, metadata={
        "description": "The insolvency or cessation of trade that makes the grade the worst, "
                       "whatever the factors."})
    country_risk = fields.Dict()
    financials = fields.List(fields.Nested(StatementSchema))
    events = fields.List(fields.Nested(LegalEventSchema))
    grade_history = fields.List(fields.Nested(GradeChangeSchema))
    exposure = fields.Dict(metadata={"description": "The insurer's total on the buyer across "
                                     "insureds, its capacity and what is left, in EUR."})


class ImportReportSchema(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    rejected = fields.Integer()
    statements = fields.Integer()
    graded = fields.Integer()
    seconds = fields.Float()
    errors = fields.List(fields.Dict(), metadata={"description": "[{line, reason}], at most 1000"})


class GradingRunSchema(Schema):
    id = fields.Integer()
    graded = fields.Integer()
    changed = fields.Integer()
    seconds = fields.Float()
    model_version = Text()
    as_of = BusinessDate()


@endpoint(bp, "/buyers", "GET", summary="Search buyers by name, country, registration number "
          "or identifier (registration or VAT number, in any spelling)",
          query=BuyerSearchSchema(), response=BuyerRowSchema(), paginated=True)
def search_buyers(session: Session, actor: Actor, *, query: dict[str, Any]) -> Select[Any]:
    return queries.graded_search(session, **query)


@endpoint(bp, "/buyers", "POST", summary="Add a buyer not yet in the database",
          body=BuyerCreateSchema(), response=BuyerSchema(), status=201)
def create_buyer(session: Session, actor: Actor, *, body: dict[str, Any]) -> dict[str, Any]:
    return buyer_view(session, services.create_buyer(session, actor=actor, **body), actor)


@endpoint(bp, "/buyers/<int:buyer_id>", "GET",
          summary="A buyer: identity, grade and PD; staff also get factors and financials",
          response=StaffBuyerSchema())
def get_buyer(session: Session, actor: Actor, buyer_id: int) -> dict[str, Any]:
    return buyer_view(session, services.get_buyer(session, buyer_id), actor)


@endpoint(bp, "/buyers/<int:buyer_id>/financials", "POST", summary="Add a yearly statement",
          roles=services.RECORD, body=StatementSchema(), response=StatementSchema(), status=201)
def add_statement(
    session: Session, actor: Actor, buyer_id: int, *, body: dict[str, Any]
) -> FinancialStatement:
    return services.add_statement(session, buyer_id, actor=actor, **body)


@endpoint(bp, "/buyers/<int:buyer_id>/events", "POST", summary="Record a legal event",
          roles=services.RECORD, body=LegalEventSchema(), response=LegalEventSchema(), status=201)
def add_event(
    session: Session, actor: Actor, buyer_id: int, *, body: dict[str, Any]
) -> LegalEvent:
    return services.add_event(session, buyer_id, actor=actor, **body)


@endpoint(bp, "/buyers/import", "POST", summary="Import buyers from CSV (multipart field 'file')",
          roles=IMPORT, response=ImportReportSchema(), status=200, upload="file")
def import_file(session: Session, actor: Actor) -> dict[str, Any]:
    upload = request.files.get("file")
    if upload is None:
        raise RuleViolation("Send the CSV as multipart field 'file'.",
                            fields={"file": ["Missing."]})
    report, graded, _changed = import_and_grade(session, upload.stream, actor=actor)
    return {**vars(report), "errors": [vars(e) for e in report.errors], "graded": graded}


@endpoint(bp, "/grading/runs", "POST", summary="Re-grade every buyer",
          roles=REGRADE, response=GradingRunSchema(), status=201)
def start_grading_run(session: Session, actor: Actor) -> GradingRun:
    return run_grading(session, actor=actor, as_of=today())


def buyer_view(session: Session, buyer: Buyer, actor: Actor) -> dict[str, Any]:
    """The buyer as `actor` may see it: insureds never get factors, figures or history."""
    current = queries.current_grade(session, buyer.id)
    section = nace_section(buyer.sector) if buyer.sector else None
    view: dict[str, Any] = {
        **{name: getattr(buyer, name) for name in (
            "id", "country", "registration_number", "vat_number", "name", "sector", "city",
            "address", "founded_year", "employees")},
        "sector_name": SECTORS[section][0] if section else None,
        "grade": current.grade if current else None,
        "pd": current.pd if current else None,
        "graded_on": current.as_of if current else None,
        "model_version": current.model_version if current else None,
    }
    if not actor.is_staff:
        return view
    risk = country_risks().get(buyer.country)
    return {
        **view,
        "factors": queries.explain(session, buyer.id, today()),
        "grade_set_by": queries.legal_cause(session, buyer.id, today()),
        "country_risk": {"crc": risk.crc, "source": risk.source} if risk else {},
        "financials": buyer.statements,
        "events": buyer.events,
        "grade_history": queries.grade_history(session, buyer.id),
        "exposure": _exposure(session, buyer.id),
    }


def _exposure(session: Session, buyer_id: int) -> dict[str, str]:
    position = standing(session, buyer_id, today())
    return {"currency": "EUR", "total": f"{position.exposure_eur:.2f}",
            "capacity": f"{position.capacity_eur:.2f}",
            "capacity_left": f"{position.capacity_left_eur:.2f}"}
