"""Credit limits: requests and decisions, limits and their history, discretionary limits,
reductions and cancellations, alerts, and the limit-sizing helper."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Blueprint, Response, request
from marshmallow import Schema, fields, validate
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core.actor import INSURED_ROLES, Actor, Role
from core.fields import BusinessDate, Id, Money, Text
from portal.api.endpoint import endpoint
from reports import letters, request_letters
from underwriting.limits import alerts, bulk, changes, requests
from underwriting.limits.bulk import BulkReport
from underwriting.limits.models import (
    Alert,
    CreditLimit,
    LimitRequest,
    LimitStatus,
    RequestStatus,
)
from underwriting.limits.reasons import REASONS
from underwriting.limits.schemas import (
    AlertSchema,
    BulkFormSchema,
    BulkReportSchema,
    CreditLimitSchema,
    DecisionSchema,
    DiscretionarySchema,
    LimitRequestCreateSchema,
    LimitRequestSchema,
    ReasonSchema,
    ReduceSchema,
)
from underwriting.limits.sizing import suggested_limit

bp = Blueprint("limits", __name__, url_prefix="/api/v1")
READERS = {*INSURED_ROLES, Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.INSURER_ADMIN}


class RequestFilterSchema(Schema):
    status = fields.Enum(RequestStatus, by_value=True)
    buyer_id = Id(strict=False)


class LimitFilterSchema(Schema):
    status = fields.Enum(LimitStatus, by_value=True, metadata={
        "description": "Only limits in this status (that day); otherwise only active ones"})
    buyer_id = Id(strict=False)
    policy_id = Id(strict=False)
    include_ended = fields.Boolean(load_default=False)
    on = BusinessDate(metadata={"description": "The limits as they stood that day"})
    grade = fields.Integer(strict=False, validate=validate.Range(min=1, max=10), metadata={
        "description": "Only limits on buyers of this grade now (1 best, 10 insolvent)"})
    q = Text(validate=validate.Length(max=200),
             metadata={"description": "Words of the buyer's name"})
    expiring_before = BusinessDate(metadata={
        "description": "Only limits with an expiry date before this day"})


class LetterQuerySchema(Schema):
    lang = Text(load_default="en", validate=validate.OneOf(["en", "zh"]))


class SizingQuerySchema(Schema):
    annual_turnover = Money(required=True)
    credit_days = fields.Integer(required=True, validate=validate.Range(min=1, max=3650))


class SizingSchema(Schema):
    suggested_amount = Money()
    annual_turnover = Money()
    credit_days = fields.Integer()


@endpoint(bp, "/limit-requests", "POST", summary="Request a credit limit: decided at once "
          "where the engine can", roles=requests.ASK, body=LimitRequestCreateSchema(),
          response=LimitRequestSchema(), status=201)
def create_request(session: Session, actor: Actor, *, body: dict[str, Any]) -> LimitRequest:
    return requests.request_limit(session, actor=actor, **body)


@endpoint(bp, "/limit-requests/bulk", "POST", summary="Request limits in bulk: a CSV or XLSX "
          "file (multipart field 'file'; columns country, registration_number, amount, "
          "payment_terms_days, reference; at most 1,000 rows) under the form field policy_id. "
          "Each row is a request of its own; a row that fails is reported on its line",
          roles=requests.ASK, upload="file", form=BulkFormSchema(), response=BulkReportSchema(),
          status=201)
def create_in_bulk(session: Session, actor: Actor, *, form: dict[str, Any]) -> BulkReport:
    upload = request.files.get("file")
    return bulk.request_limits_in_bulk(session, actor=actor, policy_id=form["policy_id"],
                                       content=upload.read() if upload is not None else None)


@endpoint(bp, "/limit-requests", "GET", summary="Limit requests: insureds their own, staff all",
          roles=READERS, query=RequestFilterSchema(), response=LimitRequestSchema(),
          paginated=True)
def list_requests(session: Session, actor: Actor, *, query: dict[str, Any]) -> Select[Any]:
    return requests.requests_query(**query)


@endpoint(bp, "/limit-requests/<int:request_id>", "GET", summary="One limit request",
          roles=READERS, response=LimitRequestSchema())
def get_request(session: Session, actor: Actor, request_id: int) -> LimitRequest:
    return requests.get_request(session, request_id, actor=actor)


@endpoint(bp, "/limit-requests/<int:request_id>/decision", "POST",
          summary="Decide a referred request", roles=requests.DECIDE, body=DecisionSchema(),
          response=LimitRequestSchema())
def decide(session: Session, actor: Actor, request_id: int, *, body: dict[str, Any]) -> Any:
    return requests.decide_referral(session, request_id, actor=actor, **body)


@endpoint(bp, "/limit-requests/<int:request_id>/letter.pdf", "GET",
          summary="The decision letter of a decided request, refusals included, as PDF in "
          "English or Chinese (lang=zh); a request still referred has none yet (409)",
          roles=READERS, query=LetterQuerySchema(), produces="application/pdf", errors=(409,))
def request_letter(session: Session, actor: Actor, request_id: int, *,
                   query: dict[str, Any]) -> Response:
    lang = query["lang"]
    pdf = request_letters.request_letter(session, request_id, actor=actor, lang=lang)
    answer = Response(pdf, mimetype="application/pdf")
    answer.headers["Content-Disposition"] = (
        f"inline; filename={request_letters.filename(request_id, lang)}")
    return answer


@endpoint(bp, "/credit-limits", "GET", summary="Credit limits: insureds their own, staff all",
          roles=READERS, query=LimitFilterSchema(), response=CreditLimitSchema(), paginated=True)
def list_limits(session: Session, actor: Actor, *, query: dict[str, Any]) -> Select[Any]:
    return changes.limits_query(**query)


@endpoint(bp, "/credit-limits/<int:limit_id>", "GET", summary="A credit limit with its history",
          roles=READERS, response=CreditLimitSchema())
def get_limit(session: Session, actor: Actor, limit_id: int) -> CreditLimit:
    return changes.get_limit(session, limit_id, actor=actor)


@endpoint(bp, "/credit-limits/<int:limit_id>/letter.pdf", "GET",
          summary="The decision letter of a credit limit as PDF, in English or Chinese (lang=zh)",
          roles=READERS, query=LetterQuerySchema(), produces="application/pdf")
def letter(session: Session, actor: Actor, limit_id: int, *, query: dict[str, Any]) -> Response:
    lang = query["lang"]
    pdf = letters.decision_letter(session, limit_id, actor=actor, lang=lang)
    answer = Response(pdf, mimetype="application/pdf")
    answer.headers["Content-Disposition"] = f"inline; filename={letters.filename(limit_id, lang)}"
    return answer


@endpoint(bp, "/credit-limits/discretionary", "POST", summary="Set a discretionary limit",
          roles=changes.DISCRETIONARY, body=DiscretionarySchema(), response=CreditLimitSchema(),
          status=201)
def discretionary(session: Session, actor: Actor, *, body: dict[str, Any]) -> CreditLimit:
    return changes.set_discretionary(session, actor=actor, **body)


@endpoint(bp, "/credit-limits/<int:limit_id>/reduce", "POST",
          summary="Reduce or withdraw a limit after the policy's notice period",
          roles=changes.REDUCE, body=ReduceSchema(), response=CreditLimitSchema())
def reduce(session: Session, actor: Actor, limit_id: int, *, body: dict[str, Any]) -> Any:
    return changes.reduce_limit(session, limit_id, actor=actor, **body)


@endpoint(bp, "/credit-limits/<int:limit_id>/cancel", "POST",
          summary="Cancel a limit: the insured's at once, the underwriter's after notice",
          roles=changes.CANCEL, response=CreditLimitSchema())
def cancel(session: Session, actor: Actor, limit_id: int) -> CreditLimit:
    return changes.cancel_limit(session, limit_id, actor=actor)


@endpoint(bp, "/alerts", "GET", summary="Alerts on buyers the insured holds limits on",
          roles=INSURED_ROLES, response=AlertSchema(), paginated=True)
def list_alerts(session: Session, actor: Actor) -> Select[Any]:
    return select(Alert).order_by(Alert.as_of.desc(), Alert.id.desc())


@endpoint(bp, "/alerts/<int:alert_id>/read", "POST", summary="Mark an alert read",
          roles=alerts.READ, response=AlertSchema())
def read_alert(session: Session, actor: Actor, alert_id: int) -> Alert:
    return alerts.mark_read(session, alert_id, actor=actor)


@endpoint(bp, "/limit-sizing", "GET", summary="The limit a turnover needs: turnover × credit "
          "days / 365, up to the next thousand", query=SizingQuerySchema(),
          response=SizingSchema())
def sizing(session: Session, actor: Actor, *, query: dict[str, Any]) -> dict[str, Any]:
    amount: Decimal = suggested_limit(query["annual_turnover"], query["credit_days"])
    return {**query, "suggested_amount": amount}


@endpoint(bp, "/reason-codes", "GET", summary="The reason codes of limit decisions",
          response=ReasonSchema(many=True))
def reason_codes(session: Session, actor: Actor) -> list[Any]:
    return list(REASONS.values())
