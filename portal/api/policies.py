"""Policies and their versioned terms."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import Schema
from sqlalchemy import Select
from sqlalchemy.orm import Session

from core.actor import Actor
from core.fields import Id
from portal.api.endpoint import endpoint
from portal.api.limits import LetterQuerySchema
from portal.schedule import policy_schedule
from reports import schedule
from underwriting.policies import Policy, PolicyTermsVersion, services
from underwriting.policies.schemas import (
    PolicyCreateSchema,
    PolicySchema,
    TermsAmendSchema,
    TermsVersionSchema,
)

bp = Blueprint("policies", __name__, url_prefix="/api/v1")


class PolicyFilterSchema(Schema):
    insured_id = Id(strict=False)


@endpoint(bp, "/policies", "POST", summary="Issue a policy to an insured",
          roles=services.ISSUE, body=PolicyCreateSchema(), response=PolicySchema(),
          status=201)
def create_policy(session: Session, actor: Actor, *, body: dict[str, Any]) -> Policy:
    return services.create_policy(session, actor=actor, **body)


@endpoint(bp, "/policies", "GET", summary="Policies: staff see all, insureds their own",
          query=PolicyFilterSchema(), response=PolicySchema(), paginated=True)
def list_policies(
    session: Session, actor: Actor, *, query: dict[str, Any]
) -> Select[tuple[Policy]]:
    return services.policies_query(insured_id=query.get("insured_id"))


@endpoint(bp, "/policies/<int:policy_id>", "GET", summary="A policy with its terms and versions",
          response=PolicySchema())
def get_policy(session: Session, actor: Actor, policy_id: int) -> Policy:
    return services.get_policy(session, policy_id, actor=actor)


@endpoint(bp, "/policies/<int:policy_id>/terms", "POST",
          summary="Change terms from a date: a new version; earlier versions stay",
          roles=services.AMEND, body=TermsAmendSchema(), response=TermsVersionSchema(),
          status=201)
def amend_terms(
    session: Session, actor: Actor, policy_id: int, *, body: dict[str, Any]
) -> PolicyTermsVersion:
    return services.amend_terms(
        session, policy_id, actor=actor,
        effective_from=body["effective_from"], changes=body["terms"],
    )


@endpoint(bp, "/policies/<int:policy_id>/schedule.pdf", "GET",
          summary="The policy schedule with every term, as PDF, in English or Chinese (lang=zh)",
          query=LetterQuerySchema(), produces="application/pdf")
def schedule_pdf(
    session: Session, actor: Actor, policy_id: int, *, query: dict[str, Any]
) -> Response:
    lang = query["lang"]
    pdf = policy_schedule(session, policy_id, actor=actor, lang=lang)
    number = services.get_policy(session, policy_id, actor=actor).number
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"inline; filename={schedule.filename(number, lang)}"})
