"""Credit limit pages for insureds: request a limit (with the sizing helper), see the decision,
follow requests and limits with their history, cancel, set a discretionary limit, read alerts."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import Schema, ValidationError

from buyers_db.services import get_buyer
from core.actor import Role
from core.clock import today
from portal.api.buyers import buyer_view
from portal.api.limits import LimitFilterSchema, SizingQuerySchema
from portal.auth import sign_in_required
from portal.database import db
from portal.pages import columns, detail_columns
from portal.pages import limit_views as views
from portal.pages.buyers import buyer_page
from portal.pages.documents import document_language, pdf_response
from portal.pages.downloads import Listing, page
from portal.pages.forms import acting, form_body, known_id, page_id, submit
from reports import letters, request_letters
from underwriting.limits import alerts, changes, grants, requests
from underwriting.limits.changes import CANCEL
from underwriting.limits.models import LimitRequest, LimitStatus, RequestStatus
from underwriting.limits.requests import ASK
from underwriting.limits.schemas import (
    DiscretionarySchema,
    LimitOnDay,
    LimitRequestCreateSchema,
)
from underwriting.limits.sizing import suggested_limit

bp = Blueprint("limit_pages", __name__)


@bp.route("/limits/request", methods=["GET", "POST"])
@sign_in_required
def request_form() -> ResponseReturnValue:
    actor = acting(ASK)
    buyer_id = page_id("buyer_id")
    if buyer_id is None:
        return redirect(url_for("buyer_pages.search"))
    errors: dict[str, Any] = {}
    form = request.form.to_dict()
    if request.method == "POST" and "compute" in request.form:
        errors, form = _sized(form)
    elif request.method == "POST":
        made: list[LimitRequest] = []
        errors = submit(
            LimitRequestCreateSchema(),
            lambda body: made.append(requests.request_limit(db.session, actor=actor, **body)),
            _("Request sent."),
            body=_request_body(),
        )
        if not errors:
            return redirect(url_for("limit_pages.decision", request_id=made[0].id))
    view = buyer_view(db.session, get_buyer(db.session, buyer_id), actor)
    page = render_template("pages/limit_request.html", buyer=view, errors=errors, form=form,
                           policies=views.in_force_policies())
    return page, 422 if errors else 200


SIZING_FIELDS = ("annual_turnover", "credit_days", "suggested")
"""The sizing helper's inputs share the request's form but are no part of the request."""


def _request_body() -> dict[str, Any]:
    return {name: value for name, value in form_body().items() if name not in SIZING_FIELDS}


def _sized(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The limit-sizing helper without JavaScript: the suggestion goes into the amount field."""
    body = form_body()
    try:
        sizing = SizingQuerySchema().load(
            {k: body[k] for k in ("annual_turnover", "credit_days") if k in body})
    except ValidationError as error:
        problems = error.messages
        return (dict(problems) if isinstance(problems, dict) else {"_form": problems}), form
    amount = suggested_limit(sizing["annual_turnover"], sizing["credit_days"])
    return {}, {**form, "amount": str(amount), "suggested": str(amount)}


@bp.get("/limits/requests/<int:request_id>")
@sign_in_required
def decision(request_id: int) -> ResponseReturnValue:
    actor = acting(*Role)
    made = requests.get_request(db.session, request_id, actor=actor)
    return render_template("pages/limit_decision.html", req=made,
                           granted_from=views.granted_from(made), **views.names_of(made))


@bp.get("/limits/requests")
@sign_in_required
def request_list() -> ResponseReturnValue:
    actor = acting(*Role)
    status = request.args.get("status")
    chosen = RequestStatus(status) if status in {s.value for s in RequestStatus} else None
    rows = views.request_rows(chosen)
    table = columns.REQUESTS.seen_by(actor.is_staff)
    return page("pages/limit_requests.html", Listing(table, rows), rows=rows, status=chosen,
                most=views.MOST_ROWS)


NOT_FILTERS = ("ended", "download", "format")


@bp.get("/limits")
@sign_in_required
def limit_list() -> ResponseReturnValue:
    """The limits, filtered as the API's list is (status, buyer, policy, day, name, expiry)."""
    actor = acting(*Role)
    ended = request.args.get("ended") == "1"
    asked = {k: v for k, v in request.args.items() if k not in NOT_FILTERS and v.strip()}
    try:
        filters = LimitFilterSchema().load(asked)
    except ValidationError as error:
        problems: Any = error.messages
        filters, rows = {}, []
        errors = dict(problems) if isinstance(problems, dict) else {"_form": problems}
    else:
        errors = {}
        spelled = filters.pop("include_ended")  # the API's spelling of the tab
        ended = ended or spelled
        rows = views.limit_rows(include_ended=ended, **filters)
    day = filters.get("on")
    table = columns.limits_table(views.pending_change, day).seen_by(actor.is_staff)
    shown: Any = page(
        "pages/limits.html", Listing(table, rows), rows=rows, ended=ended,
        pending=views.pending_change, most=views.MOST_ROWS, errors=errors, form=request.args,
        day=day or today(), filtered=bool(asked), statuses=[s.value for s in LimitStatus],
        policies=views.visible_policies())
    return (shown, 422) if errors else shown


@bp.get("/limits/<int:limit_id>")
@sign_in_required
def limit(limit_id: int) -> ResponseReturnValue:
    if request.args.get("download") is not None:
        shown = changes.get_limit(db.session, limit_id, actor=acting(*Role))
        history = list(reversed(shown.versions))  # newest first, as the page lists it
        return page("pages/limit.html", Listing(detail_columns.LIMIT_HISTORY, history))
    return limit_page(limit_id, {})


def limit_page(limit_id: int, errors: dict[str, Any]) -> ResponseReturnValue:
    """A limit with its whole history; the underwriter's reduce form shows `errors`."""
    actor = acting(*Role)
    shown = changes.get_limit(db.session, limit_id, actor=actor)
    names = views.names_of(shown)
    page = render_template("pages/limit.html", limit=LimitOnDay(shown, today()), errors=errors,
                           form=request.form,
                           pending=views.pending_change(shown),
                           notice_from=grants.notice_date(names["policy"], today()), **names)
    return page, 422 if errors else 200


@bp.post("/limits/<int:limit_id>/cancel")
@sign_in_required
def cancel(limit_id: int) -> ResponseReturnValue:
    actor = acting(CANCEL)
    submit(Schema(), lambda _body: changes.cancel_limit(db.session, limit_id, actor=actor),
           _("Limit cancelled: deliveries from today on are no longer covered."), body={})
    return redirect(url_for("limit_pages.limit", limit_id=limit_id))


@bp.post("/limits/discretionary")
@sign_in_required
def discretionary() -> ResponseReturnValue:
    actor = acting(changes.DISCRETIONARY)
    made: list[Any] = []
    body = form_body()
    errors = submit(
        DiscretionarySchema(),
        lambda fields: made.append(changes.set_discretionary(db.session, actor=actor, **fields)),
        _("Discretionary limit set."),
        body=body,
    )
    if errors:
        return buyer_page(known_id(body.get("buyer_id")) or 0, errors), 422
    return redirect(url_for("limit_pages.limit", limit_id=made[0].id))


@bp.get("/limits/<int:limit_id>/letter.pdf")
@sign_in_required
def letter(limit_id: int) -> ResponseReturnValue:
    """The decision letter; the same document as the API's, for the signed-in browser."""
    actor = acting(*Role)
    changes.get_limit(db.session, limit_id, actor=actor)  # another tenant's limit: 404 first
    lang = document_language()
    return pdf_response(letters.decision_letter(db.session, limit_id, actor=actor, lang=lang),
                        letters.filename(limit_id, lang))


@bp.get("/limits/requests/<int:request_id>/letter.pdf")
@sign_in_required
def request_letter(request_id: int) -> ResponseReturnValue:
    """The letter answering a decided request, refusals included."""
    actor = acting(*Role)
    requests.get_request(db.session, request_id, actor=actor)  # another tenant's: 404 first
    lang = document_language()
    pdf = request_letters.request_letter(db.session, request_id, actor=actor, lang=lang)
    return pdf_response(pdf, request_letters.filename(request_id, lang))


@bp.post("/alerts/<int:alert_id>/read")
@sign_in_required
def read_alert(alert_id: int) -> ResponseReturnValue:
    actor = acting(alerts.READ)
    submit(Schema(), lambda _body: views.mark_read(alert_id, actor=actor),
           _("Alert marked read."), body={})
    return redirect(url_for("home.index"))
