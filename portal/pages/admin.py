"""Administration pages: insureds, their users and policies; staff; personal API tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import Schema

from core.accounts import services as accounts
from core.accounts import tokens
from core.actor import Actor, Role
from core.clock import today
from portal.api.accounts import (
    InsuredCreateSchema,
    InsuredUserCreateSchema,
    StaffUserCreateSchema,
)
from portal.api.schemas import PersonalTokenCreateSchema
from portal.auth import sign_in_required
from portal.database import db
from portal.pages import columns
from portal.pages.downloads import Listing, page
from portal.pages.forms import acting, form_body, submit, whole_number
from underwriting.policies import PolicyTerms
from underwriting.policies import services as policies
from underwriting.policies.schemas import PolicyCreateSchema

bp = Blueprint("admin", __name__)
INSURED_TERMS = ("insured_pct_insurer_limit", "max_credit_period_days", "waiting_period_days",
                 "premium_rate", "minimum_premium")


@bp.route("/admin/insureds", methods=["GET", "POST"])
@sign_in_required
def insureds() -> ResponseReturnValue:
    actor = acting(accounts.REGISTER_INSURED)
    return _listing_with_form(
        InsuredCreateSchema(),
        lambda body: accounts.create_insured(db.session, actor=actor, **body),
        _("Insured registered."), "admin.insureds", "pages/insureds.html",
        "insureds",
        lambda: Listing(columns.INSUREDS, accounts.list_insureds(db.session, actor=actor)),
    )


@bp.route("/insureds/<int:insured_id>", methods=["GET"])
@sign_in_required
def insured(insured_id: int) -> ResponseReturnValue:
    actor = acting(accounts.MANAGE_USERS)
    shown = _insured_context(actor, insured_id, {})
    return page("pages/insured.html", Listing(columns.USERS, shown["users"]),
                columns.policies_listing(shown["policies"], shown["today"], INSURED_TERMS),
                **shown)


@bp.post("/insureds/<int:insured_id>/users")
@sign_in_required
def add_insured_user(insured_id: int) -> ResponseReturnValue:
    actor = acting(accounts.MANAGE_USERS)
    accounts.get_insured(db.session, insured_id, actor=actor)
    errors = submit(
        InsuredUserCreateSchema(),
        lambda body: accounts.create_user(db.session, actor=actor, insured_id=insured_id, **body),
        _("User added."),
    )
    if errors:
        return _insured_page(actor, insured_id, {"user": errors})
    return redirect(url_for("admin.insured", insured_id=insured_id))


@bp.post("/insureds/<int:insured_id>/policies")
@sign_in_required
def issue_policy(insured_id: int) -> ResponseReturnValue:
    actor = acting(policies.ISSUE)
    errors = submit(
        PolicyCreateSchema(),
        lambda body: policies.create_policy(db.session, actor=actor, **body),
        _("Policy issued."),
        body=_policy_body(insured_id),
    )
    if errors:
        return _insured_page(actor, insured_id, {"policy": errors})
    return redirect(url_for("admin.insured", insured_id=insured_id))


def _policy_body(insured_id: int) -> dict[str, Any]:
    """The form as the API's body, with the insured of the page and the VAT checkbox."""
    body: dict[str, Any] = {"terms": {}, **form_body(), "insured_id": insured_id}
    if "terms.vat_covered" in request.form:
        body["terms"]["vat_covered"] = True
    return body


def _insured_page(actor: Actor, insured_id: int, errors: dict[str, Any]) -> ResponseReturnValue:
    """The insured's page again, with the errors of a form posted on it (422)."""
    return render_template("pages/insured.html",
                           **_insured_context(actor, insured_id, errors)), 422


def _insured_context(actor: Actor, insured_id: int, errors: dict[str, Any]) -> dict[str, Any]:
    session = db.session
    return {
        "insured": accounts.get_insured(session, insured_id, actor=actor),
        "users": accounts.list_users(session, actor=actor, insured_id=insured_id),
        "policies": list(session.scalars(policies.policies_query(insured_id=insured_id))),
        "defaults": PolicyTerms().to_json(), "errors": errors, "form": request.form,
        "today": today(), "policy_terms": INSURED_TERMS,
    }


@bp.route("/admin/staff", methods=["GET", "POST"])
@sign_in_required
def staff() -> ResponseReturnValue:
    actor = acting(accounts.MANAGE_STAFF)
    return _listing_with_form(
        StaffUserCreateSchema(),
        lambda body: accounts.create_user(db.session, actor=actor, **body),
        _("User added."), "admin.staff", "pages/staff.html", "users",
        lambda: Listing(columns.USERS,
                        accounts.list_users(db.session, actor=actor, insured_id=None)),
    )


def _listing_with_form(
    schema: Schema, create: Callable[[dict[str, Any]], Any], done: str, endpoint: str,
    template: str, name: str, listing: Callable[[], Listing],
) -> ResponseReturnValue:
    """A list page with a form that adds to it: POST creates and comes back to the list, or
    shows the list again with the form's errors (422). The list, as `name` in the template,
    downloads like every table."""
    if request.method == "GET":
        listed = listing()
        return page(template, listed, errors={}, form=request.form, **{name: listed.rows})
    errors = submit(schema, create, done)
    if not errors:
        return redirect(url_for(endpoint))
    shown = render_template(template, errors=errors, form=request.form, **{name: listing().rows})
    return shown, 422


@bp.route("/account/tokens", methods=["GET", "POST"])
@sign_in_required
def api_tokens() -> ResponseReturnValue:
    actor = acting(*Role)
    errors: dict[str, Any] = {}
    issued: str | None = None
    if request.method == "POST":
        created: list[str] = []
        errors = submit(
            PersonalTokenCreateSchema(),
            lambda body: created.append(_issue_personal(actor, body)),
            _("Token created. Copy it now: it will not be shown again."),
            body=_token_form(),
        )
        issued = created[0] if created and not errors else None
    rows = tokens.personal_tokens(db.session, g.user.id)
    if request.method == "GET":
        return page("pages/tokens.html", Listing(columns.TOKENS, rows), tokens=rows,
                    issued=None, errors={})
    shown = render_template("pages/tokens.html", tokens=rows, issued=issued, errors=errors)
    return shown, 422 if errors else 200


def _token_form() -> dict[str, Any]:
    """The posted form, its number of days read as a number (the API takes a JSON integer)."""
    body: dict[str, Any] = {k: v for k, v in request.form.items()
                            if v != "" and k != "csrf_token"}
    days = body.get("expires_in_days")
    if isinstance(days, str) and whole_number(days) is not None:
        body["expires_in_days"] = whole_number(days)
    return body


def _issue_personal(actor: Actor, body: dict[str, Any]) -> str:
    clear, _row = tokens.create_personal_token(db.session, g.user, actor=actor, **body)
    return clear


@bp.post("/account/tokens/<int:token_id>/revoke")
@sign_in_required
def revoke_api_token(token_id: int) -> ResponseReturnValue:
    actor = acting(*Role)
    tokens.revoke_token(db.session, token_id, actor=actor)
    db.session.commit()
    return redirect(url_for("admin.api_tokens"))
