"""Claim pages: insureds file a claim on a case and follow it; the claims handler works a
queue ordered by deadline, assesses with the statement of loss line by line, approves, rejects
with a reason, pays and records recoveries with their split. Each action calls the same
service as the API."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import Schema

from claims import assessment, filing, recoveries
from claims.filing import FILE
from claims.models import Claim
from claims.schemas import ClaimCreateSchema, PaySchema, RecoveryCreateSchema, RejectSchema
from claims.states import ClaimStatus
from core.actor import Role
from core.clock import today
from portal.auth import sign_in_required
from portal.database import db
from portal.pages import claim_views as views
from portal.pages.claim_columns import CLAIMS
from portal.pages.collection import READERS, case_page
from portal.pages.desk_pages import desk_of
from portal.pages.documents import document_language, pdf_response
from portal.pages.downloads import Listing, page
from portal.pages.forms import acting, form_body, submit
from reports import statements

bp = Blueprint("claim_pages", __name__)
HANDLER = Role.CLAIMS_HANDLER


@bp.get("/claims")
@sign_in_required
def claim_list() -> ResponseReturnValue:
    actor = acting(*READERS)
    status = request.args.get("status")
    chosen = ClaimStatus(status) if status in {s.value for s in ClaimStatus} else None
    rows = views.claim_rows(chosen)
    return page("pages/claims.html", Listing(CLAIMS.seen_by(actor.is_staff), rows), rows=rows,
                status=chosen, most=views.MOST_ROWS)


@bp.get("/claims/queue")
@sign_in_required
def queue() -> ResponseReturnValue:
    acting(HANDLER)
    return render_template("pages/claims_queue.html", items=views.work_queue())


@bp.get("/claims/<int:claim_id>")
@sign_in_required
def claim(claim_id: int) -> ResponseReturnValue:
    return claim_page(claim_id)


def claim_page(claim_id: int, errors: dict[str, Any] | None = None,
               failed: str = "") -> ResponseReturnValue:
    """The claim, its statement of loss and the handler's forms; `failed` names the form
    that shows `errors`."""
    actor = acting(*READERS)
    shown = assessment.get_claim(db.session, claim_id, actor=actor)
    page = render_template("pages/claim.html", claim=shown, names=views.names_of(shown),
                           statement=shown.statement, errors=errors or {}, failed=failed,
                           approval=views.approval_of(
                               shown, current_app.config["FOUR_EYES_AMOUNT"], actor),
                           form=request.form, today=today(),
                           desk=desk_of(db.session, "claim", claim_id, actor))
    return page, 422 if errors else 200


@bp.post("/cases/<int:case_id>/claim")
@sign_in_required
def file_claim(case_id: int) -> ResponseReturnValue:
    actor = acting(FILE)
    made: list[Claim] = []
    errors = submit(
        ClaimCreateSchema(),
        lambda body: made.append(filing.file_claim(db.session, actor=actor, **body)),
        _("Claim filed: a claims handler assesses it now."),
        body={**form_body(), "case_id": case_id},
    )
    if errors:
        return case_page(case_id, errors, "claim")
    return redirect(url_for("claim_pages.claim", claim_id=made[0].id))


def _claim_action(claim_id: int, name: str, schema: Schema, action: Any,
                  done: str) -> ResponseReturnValue:
    acting(HANDLER)
    errors = submit(schema, action, done, body=form_body())
    if errors:
        return claim_page(claim_id, errors, name)
    return redirect(url_for("claim_pages.claim", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/assess")
@sign_in_required
def assess(claim_id: int) -> ResponseReturnValue:
    actor = acting(assessment.ASSESS)
    return _claim_action(
        claim_id, "assess", Schema(),
        lambda _body: assessment.assess(db.session, claim_id, actor=actor),
        _("Claim assessed: check the statement of loss line by line before approving."))


@bp.post("/claims/<int:claim_id>/approve")
@sign_in_required
def approve(claim_id: int) -> ResponseReturnValue:
    actor = acting(assessment.APPROVE)
    return _claim_action(
        claim_id, "approve", Schema(),
        lambda _body: assessment.approve(
            db.session, claim_id, actor=actor,
            four_eyes_amount=current_app.config["FOUR_EYES_AMOUNT"]),
        _("Claim approved: payable within 30 days."))


@bp.post("/claims/<int:claim_id>/reject")
@sign_in_required
def reject(claim_id: int) -> ResponseReturnValue:
    actor = acting(assessment.REJECT)
    return _claim_action(
        claim_id, "reject", RejectSchema(),
        lambda body: assessment.reject(db.session, claim_id, actor=actor, **body),
        _("Claim rejected; the case is back in collection."))


@bp.post("/claims/<int:claim_id>/pay")
@sign_in_required
def pay(claim_id: int) -> ResponseReturnValue:
    actor = acting(assessment.PAY)
    return _claim_action(
        claim_id, "pay", PaySchema(),
        lambda body: assessment.pay(db.session, claim_id, actor=actor, **body),
        _("Claim paid; the case is closed."))


@bp.post("/claims/<int:claim_id>/recoveries")
@sign_in_required
def recovery(claim_id: int) -> ResponseReturnValue:
    actor = acting(recoveries.RECOVER)
    return _claim_action(
        claim_id, "recovery", RecoveryCreateSchema(),
        lambda body: recoveries.record_recovery(db.session, claim_id, actor=actor, **body),
        _("Recovery recorded and split between insurer and insured."))


@bp.get("/claims/<int:claim_id>/statement.pdf")
@sign_in_required
def statement(claim_id: int) -> ResponseReturnValue:
    """The statement of loss; the same document as the API's, for the signed-in browser."""
    actor = acting(*READERS)
    lang = document_language()
    return pdf_response(statements.statement_pdf(db.session, claim_id, actor=actor, lang=lang),
                        statements.filename(claim_id, lang))
