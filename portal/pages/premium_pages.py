"""A policy's page (its terms in force and every version), its turnover declarations and
premium invoices: the insured declares and amends until invoiced, staff read every insured's
and the insurer's administrator invoices on demand. The same services as the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, current_app, make_response, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from core.actor import INSURED_ROLES, Role
from core.clock import today
from core.money import round_money
from portal.auth import sign_in_required
from portal.database import db
from portal.pages import dashboard_columns as board_columns
from portal.pages.documents import document_language, pdf_response
from portal.pages.downloads import Column, Listing, Table, page
from portal.pages.forms import acting, form_body, submit
from portal.pages.labels import TERMS
from reports import invoices as invoice_documents
from reports.premium_figures import latest_invoices
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy
from underwriting.premium import declarations, invoicing
from underwriting.premium.schemas import DeclarationCreateSchema

bp = Blueprint("premium_pages", __name__)
READERS = (*INSURED_ROLES, Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.INSURER_ADMIN)
MOST_ROWS = 200

DECLARATIONS = Table("declarations", [
    Column(_l("Month"), lambda d: f"{d.period:%Y-%m}"),
    Column(_l("Insured turnover"), lambda d: round_money(d.insured_turnover, d.currency)),
    Column(_l("Premium rate %"), lambda d: d.premium_rate.normalize()),
    Column(_l("Premium"), lambda d: round_money(d.premium, d.currency)),
    Column(_l("Currency"), lambda d: d.currency),
    Column(_l("Invoiced"), lambda d: d.invoice.number if d.invoice else ""),
])


@bp.get("/policies/<int:policy_id>")
@sign_in_required
def policy(policy_id: int) -> ResponseReturnValue:
    """The terms in force today and every version of them, newest first."""
    actor = acting(*READERS)
    found = get_policy(db.session, policy_id, actor=actor)
    in_force = found.terms_on(today())
    versions = [(v, v.terms.to_json()) for v in reversed(found.versions)]
    return page("pages/policy.html", policy=found, in_force=in_force,
                terms=in_force.terms.to_json(), versions=versions, term_keys=list(TERMS))


@bp.route("/policies/<int:policy_id>/declarations", methods=["GET", "POST"])
@sign_in_required
def declaration_list(policy_id: int) -> ResponseReturnValue:
    """The policy's declarations and invoices; the insured's users declare a month here, or
    declare it again to amend it until it is invoiced."""
    actor = acting(declarations.DECLARE) if request.method == "POST" else acting(*READERS)
    found = get_policy(db.session, policy_id, actor=actor)  # another insured's: 404
    errors: dict[str, Any] = {}
    if request.method == "POST":
        errors = submit(DeclarationCreateSchema(), lambda body: declarations.declare_turnover(
            db.session, policy_id, actor=actor, **body),
            _("Turnover declared: the premium is shown below."), body=form_body(),
            currency=found.currency)
        if not errors:
            return redirect(url_for("premium_pages.declaration_list", policy_id=policy_id))
        found = get_policy(db.session, policy_id, actor=actor)
    return _declarations_page(found, errors)


def _declarations_page(found: Policy, errors: dict[str, Any]) -> Response:
    """The page (or one of its tables as a file); 422 when it shows a refusal."""
    actor = acting(*READERS)
    rows = list(db.session.scalars(declarations.declarations_query(found).limit(MOST_ROWS)))
    billed = latest_invoices(db.session, MOST_ROWS, policy_id=found.id)
    invoices_table = board_columns.INVOICES.seen_by(actor.is_staff)
    latest = (today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    answer = make_response(page(
        "pages/declarations.html", Listing(DECLARATIONS, rows), Listing(invoices_table, billed),
        policy=found, rows=rows, invoices=billed, errors=errors, form=request.form,
        latest_month=f"{latest:%Y-%m}", may_declare=declarations.DECLARE.admits(actor),
        may_invoice=actor.role is Role.INSURER_ADMIN))
    if errors:
        answer.status_code = 422
    return answer


@bp.post("/policies/<int:policy_id>/premium-invoices")
@sign_in_required
def invoice_now(policy_id: int) -> ResponseReturnValue:
    """The insurer's administrator invoices the policy's uninvoiced declarations now."""
    actor = acting(invoicing.INVOICE)
    found = get_policy(db.session, policy_id, actor=actor)
    errors = submit(Schema(), lambda _body: invoicing.invoice_now(
        db.session, policy_id, actor=actor, issued_on=today()), _("Invoice issued."), body={})
    if errors:
        return _declarations_page(found, errors)
    return redirect(url_for("premium_pages.declaration_list", policy_id=policy_id))


@bp.get("/premium-invoices")
@sign_in_required
def invoice_list() -> ResponseReturnValue:
    """Premium invoices, newest first: an insured's own, staff every insured's."""
    actor = acting(*READERS)
    rows = latest_invoices(db.session, MOST_ROWS)
    table = board_columns.INVOICES.seen_by(actor.is_staff)
    return page("pages/premium_invoices.html", Listing(table, rows), invoices=rows,
                most=MOST_ROWS)


@bp.get("/premium-invoices/<int:invoice_id>/invoice.pdf")
@sign_in_required
def invoice_pdf(invoice_id: int) -> ResponseReturnValue:
    """The invoice as PDF; the same document as the API's."""
    actor = acting(*READERS)
    lang = document_language()
    pdf = invoice_documents.premium_invoice(
        db.session, invoice_id, actor=actor, lang=lang,
        bank_account=current_app.config["INSURER_BANK_ACCOUNT"])
    return pdf_response(pdf, invoice_documents.filename(invoice_id, lang))
