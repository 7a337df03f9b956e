"""Overdue notifications and collection cases: payments, credit notes, disputes, the claim
pre-check, and deadlines with warnings in each case."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify
from marshmallow import Schema, fields
from sqlalchemy import Select
from sqlalchemy.orm import Session

from claims import cases, collection, notifications, precheck
from claims.case_view import CaseView, case_view
from claims.models import CaseSettlement, Dispute, OverdueNotification
from claims.rehearsal import rehearse_notification
from claims.schemas import (
    CaseDetailSchema,
    CaseSchema,
    CreditNoteCreateSchema,
    DisputeCreateSchema,
    DisputeResolveSchema,
    DisputeSchema,
    NotificationCreateSchema,
    NotificationSchema,
    PaymentCreateSchema,
    PreCheckSchema,
    SettlementSchema,
)
from claims.states import CaseStatus
from core.actor import INSURED_ROLES, STAFF_ROLES, Actor
from core.fields import Id
from portal.api.endpoint import endpoint
from portal.api.limits import LetterQuerySchema
from reports import acknowledgements

bp = Blueprint("collection", __name__, url_prefix="/api/v1")
READERS = {*INSURED_ROLES, *STAFF_ROLES}


class NotifyQuerySchema(Schema):
    dry_run = fields.Boolean(load_default=False, metadata={
        "description": "Answer what the notification would be, and store nothing."})


class CaseFilterSchema(Schema):
    buyer_id = Id(strict=False)
    status = fields.Enum(CaseStatus, by_value=True)


@endpoint(bp, "/overdue-notifications", "POST", summary="Notify a buyer's overdue invoices: "
          "each invoice's issues, and the collection case it opened or joined",
          roles=notifications.REPORT, body=NotificationCreateSchema(), query=NotifyQuerySchema(),
          response=NotificationSchema(), status=201, rehearsal="dry_run")
def notify(
    session: Session, actor: Actor, *, body: dict[str, Any], query: dict[str, Any]
) -> OverdueNotification | Response:
    """With `dry_run=true`: the same answer with `pre_check` (what a claim would pay), 200,
    and nothing stored."""
    if query["dry_run"]:
        return jsonify(rehearse_notification(session, actor=actor, **body).to_json())
    return notifications.notify_overdue(session, actor=actor, **body)


@endpoint(bp, "/collection-cases", "GET", summary="Collection cases: insureds their own, staff "
          "all", roles=READERS, query=CaseFilterSchema(), response=CaseSchema(), paginated=True)
def list_cases(session: Session, actor: Actor, *, query: dict[str, Any]) -> Select[Any]:
    return cases.cases_query(**query)


@endpoint(bp, "/collection-cases/<int:case_id>", "GET", summary="A case: stage, invoices, "
          "balances, timeline, claims, deadlines and warnings", roles=READERS,
          response=CaseDetailSchema())
def get_case(session: Session, actor: Actor, case_id: int) -> CaseView:
    return case_view(session, case_id, actor=actor)


@endpoint(bp, "/collection-cases/<int:case_id>/pre-check", "GET",
          summary="What a claim on this case would pay if assessed today, and what makes it "
          "smaller than the debt", roles=READERS, response=PreCheckSchema())
def pre_check(session: Session, actor: Actor, case_id: int) -> dict[str, Any]:
    return precheck.pre_check(session, case_id, actor=actor).to_json()


@endpoint(bp, "/collection-cases/<int:case_id>/payments", "POST", summary="Record a payment "
          "from the buyer (applied to the oldest open invoice first)", roles=collection.COLLECT,
          body=PaymentCreateSchema(), response=SettlementSchema(), status=201)
def payment(session: Session, actor: Actor, case_id: int, *, body: dict[str, Any]) -> Any:
    return collection.record_payment(session, case_id, actor=actor, **body)


@endpoint(bp, "/collection-cases/<int:case_id>/credit-notes", "POST",
          summary="Record a credit note issued to the buyer", roles=collection.CREDIT,
          body=CreditNoteCreateSchema(), response=SettlementSchema(), status=201)
def credit_note(
    session: Session, actor: Actor, case_id: int, *, body: dict[str, Any]
) -> CaseSettlement:
    return collection.issue_credit_note(session, case_id, actor=actor, **body)


@endpoint(bp, "/collection-cases/<int:case_id>/disputes", "POST", summary="Set a disputed "
          "amount aside until it is resolved", roles=collection.COLLECT, body=DisputeCreateSchema(),
          response=DisputeSchema(), status=201)
def dispute(session: Session, actor: Actor, case_id: int, *, body: dict[str, Any]) -> Dispute:
    return collection.open_dispute(session, case_id, actor=actor, **body)


@endpoint(bp, "/collection-cases/<int:case_id>/disputes/<int:dispute_id>/resolve", "POST",
          summary="Resolve a dispute: the amount is owed after all, or not owed",
          roles=collection.COLLECT, body=DisputeResolveSchema(), response=DisputeSchema())
def resolve(
    session: Session, actor: Actor, case_id: int, dispute_id: int, *, body: dict[str, Any]
) -> Dispute:
    return collection.resolve_dispute(session, case_id, dispute_id, actor=actor, **body)


@endpoint(bp, "/collection-cases/<int:case_id>/acknowledgement.pdf", "GET",
          summary="The acknowledgement of the case's overdue notifications as PDF, in English "
          "or Chinese (lang=zh): invoices and their issues, the case, the deadlines",
          roles=READERS, query=LetterQuerySchema(), produces="application/pdf")
def acknowledgement(
    session: Session, actor: Actor, case_id: int, *, query: dict[str, Any]
) -> Response:
    lang = query["lang"]
    pdf = acknowledgements.acknowledgement_pdf(session, case_id, actor=actor, lang=lang)
    answer = Response(pdf, mimetype="application/pdf")
    name = acknowledgements.filename(case_id, lang)
    answer.headers["Content-Disposition"] = f"inline; filename={name}"
    return answer
