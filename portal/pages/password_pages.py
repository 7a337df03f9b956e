"""Pages to change a password, and to reset a forgotten one from the e-mailed link."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from core.accounts import recovery
from core.actor import Role
from core.tenancy import Scope, tenant_scope
from portal.api.passwords import PasswordChangeSchema, ResetConfirmSchema, ResetRequestSchema
from portal.auth.current import current_token, sign_in_required, start_session
from portal.database import db
from portal.pages.forms import acting, submit
from portal.pages.session_pages import bp
from portal.recovery_mail import reset_letter, send_after_commit


def _page(step: str, heading: str, errors: dict[str, Any], **more: Any) -> ResponseReturnValue:
    shown = render_template("pages/password.html", step=step, heading=heading, errors=errors,
                            **more)
    return (shown, 422) if errors else shown


@bp.route("/account/password", methods=["GET", "POST"])
@sign_in_required
def change_password() -> ResponseReturnValue:
    heading = _("Change your password")
    if request.method == "GET":
        return _page("change", heading, {})
    actor = acting(*Role)
    row = current_token()

    def change(body: dict[str, Any]) -> None:
        recovery.change_password(db.session, g.user, actor=actor,
                                 keep=row.id if row else None, **body)

    errors = submit(PasswordChangeSchema(), change,
                    _("Password changed. Your other sessions have ended."))
    return _page("change", heading, errors) if errors else redirect("/")


@bp.route("/password-reset", methods=["GET", "POST"])
def password_reset() -> ResponseReturnValue:
    heading = _("Reset your password")
    if request.method == "GET":
        return _page("ask", heading, {})

    def ask(body: dict[str, Any]) -> None:
        with tenant_scope(Scope.everyone()):
            issued = recovery.request_reset(db.session, body["email"])
        if issued is not None:
            send_after_commit(reset_letter(*issued, current_app.config["PUBLIC_URL"]))

    done = _("If this e-mail belongs to an account, a reset link is on its way. "
             "It works once, for one hour.")
    errors = submit(ResetRequestSchema(), ask, done)
    return _page("ask", heading, errors, done=None if errors else done)


@bp.route("/password-reset/confirm", methods=["GET", "POST"])
def password_reset_confirm() -> ResponseReturnValue:
    heading = _("Choose a new password")
    token = request.values.get("token", "")[:200]
    if request.method == "GET":
        return _page("confirm", heading, {}, token=token)
    reset: list[Any] = []

    def confirm(body: dict[str, Any]) -> None:
        with tenant_scope(Scope.everyone()):
            reset.append(recovery.confirm_reset(db.session, body["token"], body["new_password"]))

    errors = submit(ResetConfirmSchema(), confirm, _("Password changed. You are signed in."))
    if errors:
        return _page("confirm", heading, errors, token=token)
    start_session(reset[0])
    db.session.commit()
    return redirect("/")
