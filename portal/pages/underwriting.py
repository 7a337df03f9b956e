"""Underwriting pages: the referral queue of every insured, the decision on one request with
the buyer's standing beside it, and the reduction or withdrawal of a limit."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from core.actor import Role
from portal.auth import sign_in_required
from portal.database import db
from portal.pages import columns, detail_columns
from portal.pages import limit_views as views
from portal.pages.downloads import Listing, page
from portal.pages.forms import acting, form_body, submit
from portal.pages.limits import limit_page
from underwriting.limits import changes, requests
from underwriting.limits.schemas import DecisionSchema, ReduceSchema

bp = Blueprint("underwriting_pages", __name__)


@bp.get("/underwriting/queue")
@sign_in_required
def queue() -> ResponseReturnValue:
    acting(Role.UNDERWRITER)
    rows = views.queue_rows()
    return page("pages/queue.html", Listing(columns.QUEUE, rows), rows=rows,
                most=views.MOST_ROWS)


@bp.route("/underwriting/requests/<int:request_id>", methods=["GET", "POST"])
@sign_in_required
def referral(request_id: int) -> ResponseReturnValue:
    actor = acting(requests.DECIDE)
    errors: dict[str, Any] = {}
    if request.method == "POST":
        errors = submit(
            DecisionSchema(),
            lambda body: requests.decide_referral(db.session, request_id, actor=actor, **body),
            _("Decision recorded; the insured sees it now."),
            body=form_body(lists=("reason_codes",)),
        )
        if not errors:
            return redirect(url_for("underwriting_pages.queue"))
    made = requests.get_request(db.session, request_id, actor=actor)
    limits = views.limit_rows(buyer_id=made.buyer_id)
    context = {"req": made, "errors": errors, "form": request.form, "limits": limits,
               "exposure": views.exposure(made.buyer_id), **views.names_of(made)}
    if not errors:
        return page("pages/referral.html", Listing(detail_columns.BUYER_LIMITS, limits),
                    **context)
    return render_template("pages/referral.html", **context), 422


@bp.post("/limits/<int:limit_id>/reduce")
@sign_in_required
def reduce(limit_id: int) -> ResponseReturnValue:
    actor = acting(changes.REDUCE)
    errors = submit(
        ReduceSchema(),
        lambda body: changes.reduce_limit(db.session, limit_id, actor=actor, **body),
        _("Reduction recorded: it applies to deliveries after the notice period."),
        body=form_body(lists=("reason_codes",)),
    )
    if errors:
        return limit_page(limit_id, errors)
    return redirect(url_for("limit_pages.limit", limit_id=limit_id))
