"""Account pages: the audit trail, an insured's users and their API tokens managed by its
admin, and a user's own sessions."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import func, select

from core import audit
from core.accounts import services as accounts
from core.accounts import sessions, tokens
from core.actor import STAFF_ROLES, Role
from core.errors import Conflict, RuleViolation
from portal.api.accounts import RoleChangeSchema
from portal.api.audit import AuditFilterSchema
from portal.auth import sign_in_required
from portal.auth.current import current_token
from portal.database import db
from portal.pages import columns
from portal.pages.downloads import Listing, page
from portal.pages.forms import acting, whole_number

bp = Blueprint("account_pages", __name__)
AUDIT_FILTERS = ("object_type", "object_id", "actor_id", "from", "to")
AUDIT_PER_PAGE = 50


@bp.get("/audit")
@sign_in_required
def audit_trail() -> ResponseReturnValue:
    actor = acting(*STAFF_ROLES, Role.INSURED_ADMIN)
    chosen = {k: request.args[k].strip() for k in AUDIT_FILTERS if request.args.get(k, "").strip()}
    number = min(whole_number(request.args.get("page", "")) or 1, 1_000_000)
    errors: dict[str, Any] = {}
    rows: list[audit.AuditEntry] = []
    total = 0
    try:
        query = audit.entries_query(actor, **AuditFilterSchema().load(chosen))
    except ValidationError as error:
        messages = error.messages
        errors = messages if isinstance(messages, dict) else {"_form": messages}
    else:
        counted = select(func.count()).select_from(query.order_by(None).subquery())
        total = db.session.scalar(counted) or 0
        window = query.limit(AUDIT_PER_PAGE).offset((number - 1) * AUDIT_PER_PAGE)
        rows = list(db.session.scalars(window))
    everything = audit.entries_query(actor).order_by(None)
    actors = db.session.execute(everything.with_only_columns(
        audit.AuditEntry.actor_user_id, audit.AuditEntry.actor_email).distinct()
        .where(audit.AuditEntry.actor_user_id.is_not(None))
        .order_by(audit.AuditEntry.actor_email)).all()
    context = {"entries": rows, "errors": errors, "form": chosen, "actors": actors,
               "types": audit.object_types(db.session, actor), "changed": audit.changed_keys,
               "page_number": number, "total": total,
               "pages": max(1, -(-total // AUDIT_PER_PAGE))}
    if errors:
        return render_template("pages/audit.html", **context), 422
    return page("pages/audit.html", Listing(columns.AUDIT, rows), **context)


@bp.get("/insureds/<int:insured_id>/users")
@sign_in_required
def insured_users(insured_id: int) -> ResponseReturnValue:
    return _users_page(insured_id)


def _users_page(insured_id: int, refused: bool = False) -> ResponseReturnValue:
    """The page; or, after a refused change, the page again with 422 (no download then)."""
    actor = acting(accounts.MANAGE_USERS)
    insured = accounts.get_insured(db.session, insured_id, actor=actor)
    users = accounts.list_users(db.session, actor=actor, insured_id=insured_id)
    issued = tokens.insured_tokens(db.session, insured_id)
    context = {"insured": insured, "users": users, "tokens": issued}
    if refused:
        return render_template("pages/insured_users.html", **context), 422
    return page("pages/insured_users.html", Listing(columns.USERS, users),
                Listing(columns.INSURED_TOKENS, issued), **context)


@bp.post("/users/<int:user_id>/suspend")
@sign_in_required
def suspend_user(user_id: int) -> ResponseReturnValue:
    return _set_active(user_id, False, _("User suspended: signed out everywhere."))


@bp.post("/users/<int:user_id>/reinstate")
@sign_in_required
def reinstate_user(user_id: int) -> ResponseReturnValue:
    return _set_active(user_id, True, _("User reinstated."))


def _set_active(user_id: int, active: bool, done: str) -> ResponseReturnValue:
    actor = acting(accounts.MANAGE_USERS)
    user = accounts.set_user_active(db.session, user_id, actor=actor, active=active)
    db.session.commit()
    flash(done, "success")
    return _back_to_users(user.insured_id)


@bp.post("/users/<int:user_id>/role")
@sign_in_required
def change_role(user_id: int) -> ResponseReturnValue:
    actor = acting(accounts.MANAGE_USERS)
    insured_id = accounts.managed_user(db.session, user_id, actor).insured_id
    try:
        role = RoleChangeSchema().load({"role": request.form.get("role", "")})["role"]
        accounts.change_role(db.session, user_id, actor=actor, role=role)
    except ValidationError:
        db.session.rollback()
        flash(_("Choose a role: administrator or user."), "error")
    except (Conflict, RuleViolation) as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Role changed."), "success")
        return _back_to_users(insured_id)
    if insured_id is None:
        return redirect(url_for("admin.staff"))
    return _users_page(insured_id, refused=True)


def _back_to_users(insured_id: int | None) -> ResponseReturnValue:
    if insured_id is None:
        return redirect(url_for("admin.staff"))
    return redirect(url_for("account_pages.insured_users", insured_id=insured_id))


@bp.post("/insureds/<int:insured_id>/tokens/<int:token_id>/revoke")
@sign_in_required
def revoke_users_token(insured_id: int, token_id: int) -> ResponseReturnValue:
    actor = acting(tokens.OVERSEE)
    accounts.get_insured(db.session, insured_id, actor=actor)
    tokens.revoke_token(db.session, token_id, actor=actor)
    db.session.commit()
    flash(_("Token revoked."), "success")
    return redirect(url_for("account_pages.insured_users", insured_id=insured_id))


@bp.get("/account/sessions")
@sign_in_required
def own_sessions() -> ResponseReturnValue:
    acting(*Role)
    rows = sessions.live_sessions(db.session, g.user.id)
    used = current_token()
    return page("pages/sessions.html", Listing(columns.SESSIONS, rows), sessions=rows,
                current=used.id if used is not None else None, kinds=columns.SESSION_KINDS)


@bp.post("/account/sessions/<int:session_id>/end")
@sign_in_required
def end_session(session_id: int) -> ResponseReturnValue:
    actor = acting(*Role)
    used = current_token()
    sessions.end_own_session(db.session, session_id, actor=actor)
    db.session.commit()
    if used is not None and used.id == session_id:
        session.clear()
        flash(_("You have signed out."), "info")
        return redirect(url_for("pages.sign_in"))
    flash(_("Session ended."), "success")
    return redirect(url_for("account_pages.own_sessions"))

