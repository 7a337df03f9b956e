"""Claims: filed by the insured (or opened by the daily job), assessed by the engine with the
statement of loss in the answer, approved or rejected, paid; recoveries after payment."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
from marshmallow import Schema, fields
from sqlalchemy import Select
from sqlalchemy.orm import Session

from claims import assessment, filing, recoveries
from claims.models import Claim, Recovery
from claims.schemas import (
    ClaimCreateSchema,
    ClaimSchema,
    PaySchema,
    RecoveryCreateSchema,
    RecoverySchema,
    RejectSchema,
)
from claims.states import ClaimStatus
from core.actor import INSURED_ROLES, STAFF_ROLES, Actor
from core.fields import Id
from portal.api.endpoint import endpoint
from portal.api.limits import LetterQuerySchema
from reports import statements

bp = Blueprint("claims", __name__, url_prefix="/api/v1")
READERS = {*INSURED_ROLES, *STAFF_ROLES}


class ClaimFilterSchema(Schema):
    case_id = Id(strict=False)
    status = fields.Enum(ClaimStatus, by_value=True)


@endpoint(bp, "/claims", "POST", summary="File a claim on a case: on insolvency, or on "
          "protracted default once the date of loss has come", roles=filing.FILE,
          body=ClaimCreateSchema(), response=ClaimSchema(), status=201)
def file_claim(session: Session, actor: Actor, *, body: dict[str, Any]) -> Claim:
    return filing.file_claim(session, actor=actor, **body)


@endpoint(bp, "/claims", "GET", summary="Claims: insureds their own, staff all", roles=READERS,
          query=ClaimFilterSchema(), response=ClaimSchema(), paginated=True)
def list_claims(session: Session, actor: Actor, *, query: dict[str, Any]) -> Select[Any]:
    return assessment.claims_query(**query)


@endpoint(bp, "/claims/<int:claim_id>", "GET", summary="A claim, with its statement of loss "
          "once assessed", roles=READERS, response=ClaimSchema())
def get_claim(session: Session, actor: Actor, claim_id: int) -> Claim:
    return assessment.get_claim(session, claim_id, actor=actor)


@endpoint(bp, "/claims/<int:claim_id>/assess", "POST", summary="Run the indemnity engine; the "
          "statement of loss is in the answer", roles=assessment.ASSESS, response=ClaimSchema())
def assess(session: Session, actor: Actor, claim_id: int) -> Claim:
    return assessment.assess(session, claim_id, actor=actor)


@endpoint(bp, "/claims/<int:claim_id>/approve", "POST", summary="Approve the assessed "
          "indemnity, payable within 30 days; at or above FOUR_EYES_AMOUNT by a claims handler "
          "other than the assessor (403 four_eyes)", roles=assessment.APPROVE,
          response=ClaimSchema())
def approve(session: Session, actor: Actor, claim_id: int) -> Claim:
    return assessment.approve(session, claim_id, actor=actor,
                              four_eyes_amount=current_app.config["FOUR_EYES_AMOUNT"])


@endpoint(bp, "/claims/<int:claim_id>/reject", "POST", summary="Reject a claim with its reason",
          roles=assessment.REJECT, body=RejectSchema(), response=ClaimSchema())
def reject(session: Session, actor: Actor, claim_id: int, *, body: dict[str, Any]) -> Claim:
    return assessment.reject(session, claim_id, actor=actor, **body)


@endpoint(bp, "/claims/<int:claim_id>/pay", "POST", summary="Pay an approved claim",
          roles=assessment.PAY, body=PaySchema(), response=ClaimSchema())
def pay(session: Session, actor: Actor, claim_id: int, *, body: dict[str, Any]) -> Claim:
    return assessment.pay(session, claim_id, actor=actor, **body)


@endpoint(bp, "/claims/<int:claim_id>/recoveries", "POST", summary="Record money recovered "
          "after payment, split between insurer and insured", roles=recoveries.RECOVER,
          body=RecoveryCreateSchema(), response=RecoverySchema(), status=201)
def recovery(
    session: Session, actor: Actor, claim_id: int, *, body: dict[str, Any]
) -> Recovery:
    return recoveries.record_recovery(session, claim_id, actor=actor, **body)


@endpoint(bp, "/claims/<int:claim_id>/statement.pdf", "GET", summary="The statement of loss as "
          "PDF, in English or Chinese (lang=zh); 409 while the claim is not assessed",
          roles=READERS, query=LetterQuerySchema(), produces="application/pdf", errors=(409,))
def statement(session: Session, actor: Actor, claim_id: int, *, query: dict[str, Any]) -> Response:
    lang = query["lang"]
    pdf = statements.statement_pdf(session, claim_id, actor=actor, lang=lang)
    answer = Response(pdf, mimetype="application/pdf")
    name = statements.filename(claim_id, lang)
    answer.headers["Content-Disposition"] = f"inline; filename={name}"
    return answer
