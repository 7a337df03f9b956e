"""Buyer pages: search for everyone; the buyer page shows staff why the grade is what it is and
the insurer's exposure, and insureds their own limits, with a request and a discretionary form;
staff upload buyer files and watch the import's progress."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from buyers_db.schemas import BuyerSearchSchema
from buyers_db.services import get_buyer
from core.actor import STAFF_ROLES
from core.clock import utcnow
from core.errors import NotFound
from portal import import_jobs
from portal.api.buyers import buyer_view
from portal.auth import current_actor, sign_in_required
from portal.database import db
from portal.pages import columns, detail_columns, limit_views
from portal.pages.downloads import Listing, page
from portal.pages.forms import acting
from underwriting.grading.queries import graded_search

bp = Blueprint("buyer_pages", __name__)
PER_PAGE = 25


@bp.get("/buyers")
@sign_in_required
def search() -> ResponseReturnValue:
    filters = BuyerSearchSchema().load(
        {k: v for k, v in request.args.items() if k in ("q", "country") and v.strip()}
    )
    rows: list[Any] = []
    if filters:
        rows = list(db.session.execute(graded_search(db.session, **filters).limit(PER_PAGE)))
    return page("pages/buyers.html", Listing(columns.BUYERS, rows), rows=rows, filters=filters,
                per_page=PER_PAGE)


@bp.get("/buyers/<int:buyer_id>")
@sign_in_required
def buyer(buyer_id: int) -> ResponseReturnValue:
    context = _buyer_context(buyer_id, {})
    view = context["buyer"]
    staff = "factors" in view
    listings = [Listing(detail_columns.BUYER_LIMITS.seen_by(staff), context["limits"])]
    if staff:
        listings += [Listing(detail_columns.FACTORS, context["factors"]),
                     Listing(detail_columns.GRADE_HISTORY, view["grade_history"]),
                     Listing(detail_columns.FINANCIALS, view["financials"]),
                     Listing(detail_columns.EVENTS, view["events"])]
    return page("pages/buyer.html", *listings, **context)


def buyer_page(buyer_id: int, errors: dict[str, Any]) -> str:
    """The buyer's page again, with the errors of a form posted on it."""
    return render_template("pages/buyer.html", **_buyer_context(buyer_id, errors))


def _buyer_context(buyer_id: int, errors: dict[str, Any]) -> dict[str, Any]:
    """The buyer as the actor may see it. Limits come through the tenancy filter: an insured
    sees its own only; the exposure across insureds is for the insurer's staff."""
    actor = current_actor()
    assert actor is not None
    view = buyer_view(db.session, get_buyer(db.session, buyer_id), actor)
    factors = sorted(view.get("factors", {}).items(), key=lambda item: -abs(item[1]))
    widest = max((abs(value) for _, value in factors), default=1.0) or 1.0
    context: dict[str, Any] = {
        "limits": limit_views.limit_rows(buyer_id=buyer_id),
        "errors": errors,
        "form": request.form if errors else {},
    }
    if actor.is_staff:
        context["exposure"] = limit_views.exposure(buyer_id)
    elif actor.insured_id is not None:
        context["policies"] = limit_views.in_force_policies()
    return {"buyer": view, "factors": factors, "widest": widest, **context}


@bp.route("/buyers/imports", methods=["GET", "POST"])
@sign_in_required
def imports() -> ResponseReturnValue:
    """Staff upload a buyer file; the import runs in the background (portal.import_jobs)."""
    actor = acting(*STAFF_ROLES)
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Choose a CSV file to upload."), "error")
            return redirect(url_for("buyer_pages.imports"))
        job = import_jobs.queue_import(db.session, upload.read(), upload.filename, actor=actor)
        db.session.commit()
        import_jobs.start(current_app.extensions["database"].factory, job.id, actor)
        return redirect(url_for("buyer_pages.import_progress", job_id=job.id))
    recent = db.session.scalars(select(import_jobs.BuyerImportJob)
                                .order_by(import_jobs.BuyerImportJob.id.desc()).limit(10)).all()
    return render_template("pages/buyer_imports.html", job=None, recent=recent, now=utcnow())


@bp.get("/buyers/imports/<int:job_id>")
@sign_in_required
def import_progress(job_id: int) -> ResponseReturnValue:
    actor = acting(*STAFF_ROLES)
    try:
        job = import_jobs.get_job(db.session, job_id, actor=actor)
    except NotFound:
        abort(404)
    return render_template("pages/buyer_imports.html", job=job, recent=[], now=utcnow())
