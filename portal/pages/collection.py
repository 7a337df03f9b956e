"""Overdue and collection pages: the insured reports an overdue (lines typed in, or a CSV
file); insureds and claims handlers follow cases and record payments, credit notes and
disputes. Every action calls the same service as the API."""

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
from marshmallow import Schema

from buyers_db.services import get_buyer
from claims import collection, notifications, precheck
from claims.case_view import case_view
from claims.collection import COLLECT, CREDIT
from claims.models import OverdueNotification
from claims.notifications import REPORT
from claims.rehearsal import Rehearsal, rehearse_notification
from claims.schemas import (
    CreditNoteCreateSchema,
    DisputeCreateSchema,
    DisputeResolveSchema,
    NotificationCreateSchema,
    PaymentCreateSchema,
)
from claims.states import CaseStatus
from core.actor import INSURED_ROLES, Role
from portal.auth import sign_in_required
from portal.database import db
from portal.pages import claim_views as views
from portal.pages import overdue_form as lines
from portal.pages.claim_columns import CASES
from portal.pages.desk_pages import desk_of
from portal.pages.documents import document_language, pdf_response
from portal.pages.downloads import Listing, page
from portal.pages.forms import acting, form_body, page_id, submit
from portal.pages.limit_views import in_force_policies
from reports import acknowledgements

bp = Blueprint("collection_pages", __name__)
READERS = (*INSURED_ROLES, Role.CLAIMS_HANDLER, Role.UNDERWRITER, Role.INSURER_ADMIN)


@bp.route("/overdue/report", methods=["GET", "POST"])
@sign_in_required
def report() -> ResponseReturnValue:
    actor = acting(REPORT)
    typed = lines.posted_lines() or lines.ledger_lines(actor)
    errors: dict[str, Any] = {}
    rehearsed: list[Rehearsal] = []
    extra = 1 if "add_line" in request.form else 0
    if request.method == "POST" and not extra:
        upload = lines.uploaded()
        try:
            sent = lines.csv_lines(upload) if upload is not None else typed
        except lines.BadFile as error:
            sent, errors = [], {"csv_file": [str(error)]}
        if not errors and "preview" in request.form:
            errors = submit(NotificationCreateSchema(), lambda body: rehearsed.append(
                rehearse_notification(db.session, actor=actor, **body)), None,
                body=lines.notification_body(sent))
            typed = sent  # shown in the form, to confirm as they are
        elif not errors:
            made: list[OverdueNotification] = []
            errors = submit(
                NotificationCreateSchema(),
                lambda body: made.append(notifications.notify_overdue(
                    db.session, actor=actor, **body)),
                _("Overdue notified. The case below follows it; each invoice shows what the "
                  "checks found."),
                body=lines.notification_body(sent),
            )
            if not errors:
                return redirect(url_for("collection_pages.case", case_id=made[0].case_id))
        if upload is not None and not rehearsed:
            typed = []
    chosen = page_id("buyer_id")
    page = render_template(
        "pages/overdue_report.html", errors=errors,
        form=request.form if request.method == "POST" else request.args,
        lines=lines.shown_lines(typed, extra), policies=in_force_policies(),
        buyers=_buyers(chosen), chosen_buyer=chosen,
        csv_errors=lines.by_line(errors) if lines.uploaded() else [],
        columns=lines.LINE_FIELDS, preview=rehearsed[0] if rehearsed else None)
    return page, 422 if errors else 200


def _buyers(chosen: int | None) -> list[tuple[int, str]]:
    """The buyers to pick from: those with the insured's limits, and the one asked for."""
    found = views.buyers_to_report()
    if chosen is not None and chosen not in dict(found):
        found.insert(0, (chosen, get_buyer(db.session, chosen).name))
    return found


@bp.get("/cases")
@sign_in_required
def case_list() -> ResponseReturnValue:
    actor = acting(*READERS)
    status = request.args.get("status")
    chosen = CaseStatus(status) if status in {s.value for s in CaseStatus} else None
    rows = views.case_rows(chosen)
    return page("pages/cases.html", Listing(CASES.seen_by(actor.is_staff), rows), rows=rows,
                status=chosen, most=views.MOST_ROWS)


@bp.get("/cases/<int:case_id>")
@sign_in_required
def case(case_id: int) -> ResponseReturnValue:
    return case_page(case_id)


def case_page(case_id: int, errors: dict[str, Any] | None = None,
              failed: str = "") -> ResponseReturnValue:
    """The case with its forms; the form named `failed` shows `errors`."""
    actor = acting(*READERS)
    view = case_view(db.session, case_id, actor=actor)
    check = (precheck.pre_check(db.session, case_id, actor=actor)
             if view.case.status is CaseStatus.OPEN else None)
    page = render_template(
        "pages/case.html", view=view, names=views.names_of(view.case), check=check,
        errors=errors or {}, failed=failed, form=request.form,
        claims=views.claim_rows(case_id=case_id),
        desk=desk_of(db.session, "case", case_id, actor))
    return page, 422 if errors else 200


def _case_action(case_id: int, name: str, schema: Schema, action: Any,
                 done: str) -> ResponseReturnValue:
    errors = submit(schema, action, done, body=form_body())
    if errors:
        return case_page(case_id, errors, name)
    return redirect(url_for("collection_pages.case", case_id=case_id))


@bp.post("/cases/<int:case_id>/payments")
@sign_in_required
def payment(case_id: int) -> ResponseReturnValue:
    actor = acting(COLLECT)
    return _case_action(
        case_id, "payment", PaymentCreateSchema(),
        lambda body: collection.record_payment(db.session, case_id, actor=actor, **body),
        _("Payment recorded: it goes to the oldest open invoice first."))


@bp.post("/cases/<int:case_id>/credit-notes")
@sign_in_required
def credit_note(case_id: int) -> ResponseReturnValue:
    actor = acting(CREDIT)
    return _case_action(
        case_id, "credit_note", CreditNoteCreateSchema(),
        lambda body: collection.issue_credit_note(db.session, case_id, actor=actor, **body),
        _("Credit note recorded."))


@bp.post("/cases/<int:case_id>/disputes")
@sign_in_required
def dispute(case_id: int) -> ResponseReturnValue:
    actor = acting(COLLECT)
    return _case_action(
        case_id, "dispute", DisputeCreateSchema(),
        lambda body: collection.open_dispute(db.session, case_id, actor=actor, **body),
        _("Dispute recorded: the amount is set aside until it is resolved."))


@bp.post("/cases/<int:case_id>/disputes/<int:dispute_id>/resolve")
@sign_in_required
def resolve(case_id: int, dispute_id: int) -> ResponseReturnValue:
    actor = acting(COLLECT)
    return _case_action(
        case_id, f"resolve-{dispute_id}", DisputeResolveSchema(),
        lambda body: collection.resolve_dispute(db.session, case_id, dispute_id, actor=actor,
                                                **body),
        _("Dispute resolved."))


@bp.get("/cases/<int:case_id>/acknowledgement.pdf")
@sign_in_required
def acknowledgement(case_id: int) -> ResponseReturnValue:
    """The acknowledgement of the notifications; the same document as the API's."""
    actor = acting(*READERS)
    lang = document_language()
    pdf = acknowledgements.acknowledgement_pdf(db.session, case_id, actor=actor, lang=lang)
    return pdf_response(pdf, acknowledgements.filename(case_id, lang))
