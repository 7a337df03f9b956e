"""Two-factor sign-in on pages: the code asked for after the password, the enrolment page with
its QR code (drawn here, inline SVG), the recovery codes shown once, and turning it off.

With the setting TOTP_REQUIRED_FOR_STAFF on, the insurer's staff without two-factor sign-in
are sent to the enrolment page before any other page."""

from __future__ import annotations

from typing import Any

import segno
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup
from marshmallow import Schema, validate

from core.accounts import signin, two_factor
from core.accounts.models import TwoFactorStatus
from core.accounts.passwords import MAX_LENGTH
from core.actor import Role
from core.clock import utcnow
from core.errors import InvalidTransition, TooManyAttempts, Unauthenticated
from core.fields import Text
from core.tenancy import Scope, tenant_scope
from portal.api.two_factor import ConfirmSchema
from portal.auth.current import current_actor, sign_in_required, start_session
from portal.database import db
from portal.pages.forms import acting, submit
from portal.pages.session_pages import bp, safe_next

CODE_WAIT_SECONDS = 300
"""How long after the password the page waits for the code before asking for both again."""
OPEN_WHILE_ENROLLING = frozenset({
    "pages.two_factor_page", "pages.two_factor_enrol", "pages.two_factor_confirm",
    "pages.sign_out", "pages.language", "static", "favicon", "healthz"})


class DisableSchema(Schema):
    password = Text(required=True, validate=validate.Length(min=1, max=MAX_LENGTH))


@bp.before_app_request
def enrol_staff_first() -> ResponseReturnValue | None:
    """With TOTP_REQUIRED_FOR_STAFF on, a staff member without two-factor sign-in sees the
    enrolment page, and nothing else, until it is on."""
    if not current_app.config.get("TOTP_REQUIRED_FOR_STAFF"):
        return None
    actor = current_actor()
    if actor is None or actor.role is None or not actor.role.is_staff:
        return None
    if request.path.startswith("/api/") or request.endpoint in OPEN_WHILE_ENROLLING:
        return None
    if two_factor.is_on(db.session, actor.user_id or 0):
        return None
    flash(_("Set up two-factor sign-in before you go on."), "info")
    return redirect(url_for("pages.two_factor_page"))


def _pending() -> dict[str, Any] | None:
    """The sign-in whose password passed a few minutes ago, waiting for its code."""
    pending = session.get("two_factor")
    if not isinstance(pending, dict) or not isinstance(pending.get("email"), str):
        return None
    at = pending.get("at")
    if not isinstance(at, int | float) or utcnow().timestamp() - at > CODE_WAIT_SECONDS:
        session.pop("two_factor", None)
        return None
    return pending


@bp.route("/sign-in/code", methods=["GET", "POST"])
def sign_in_code() -> ResponseReturnValue:
    pending = _pending()
    if pending is None:
        flash(_("Sign in with your email and password first."), "info")
        return redirect(url_for("pages.sign_in"))
    if request.method == "GET":
        return render_template("pages/sign_in.html", step="code")
    try:
        with tenant_scope(Scope.everyone()):
            user = signin.second_step(db.session, pending["email"],
                                      request.form.get("code", "")[:64],
                                      address=request.remote_addr)
    except TooManyAttempts as error:
        error_text = _("Too many failed sign-ins. Try again in %(seconds)s seconds.",
                       seconds=error.retry_after_seconds)
        return render_template("pages/sign_in.html", step="code", error=error_text), 429
    except Unauthenticated:
        db.session.commit()  # the failure is counted
        wrong = _("Wrong code, or one already used. Enter the current code from your "
                  "authenticator app, or an unused recovery code.")
        return render_template("pages/sign_in.html", step="code", error=wrong), 401
    start_session(user)  # a new cookie: the waiting sign-in goes with the old one
    db.session.commit()
    return redirect(safe_next(str(pending.get("next") or "/")))


def _qr_svg(uri: str) -> Markup:
    """The QR code of `uri`, drawn on the server as inline SVG: no request leaves the page."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, light="#fff", title=_("QR code to scan"))
    return Markup(svg)  # noqa: S704 - segno's own markup, from a URI it encodes itself


def _page(errors: dict[str, Any] | None = None, **more: Any) -> ResponseReturnValue:
    row = two_factor.of(db.session, g.user.id)
    status = row.status.value if row is not None else TwoFactorStatus.OFF.value
    shown: dict[str, Any] = {"status": status, "errors": errors or {}, **more}
    if row is not None and row.status is TwoFactorStatus.PENDING:
        uri = two_factor.otpauth_uri(row)
        shown.update(qr=_qr_svg(uri), uri=uri,
                     secret=" ".join(row.secret[i:i + 4] for i in range(0, len(row.secret), 4)))
    if row is not None and row.status is TwoFactorStatus.ON:
        shown["codes_left"] = two_factor.recovery_codes_left(db.session, g.user.id)
    page = render_template("pages/two_factor.html", **shown)
    return (page, 422) if errors else page


@bp.get("/account/two-factor")
@sign_in_required
def two_factor_page() -> ResponseReturnValue:
    return _page()


@bp.post("/account/two-factor/enrol")
@sign_in_required
def two_factor_enrol() -> ResponseReturnValue:
    actor = acting(*Role)
    try:
        two_factor.enrol(db.session, g.user, actor=actor)
    except InvalidTransition:  # on already: it is turned off first
        db.session.rollback()
        flash(_("Two-factor sign-in is on already: turn it off first to set it up anew."),
              "error")
        return redirect(url_for("pages.two_factor_page"))
    db.session.commit()
    return redirect(url_for("pages.two_factor_page"))


@bp.post("/account/two-factor/confirm")
@sign_in_required
def two_factor_confirm() -> ResponseReturnValue:
    actor = acting(*Role)
    codes: list[str] = []

    def confirm(body: dict[str, Any]) -> None:
        codes.extend(two_factor.confirm(db.session, g.user, body["code"], actor=actor))

    errors = submit(ConfirmSchema(), confirm, _("Two-factor sign-in is on."))
    return _page(errors) if errors else _page(recovery_codes=codes)


@bp.post("/account/two-factor/disable")
@sign_in_required
def two_factor_disable() -> ResponseReturnValue:
    actor = acting(*Role)
    errors = submit(DisableSchema(), lambda body: two_factor.disable(
        db.session, g.user, body["password"], actor=actor), _("Two-factor sign-in is off."))
    return _page(errors) if errors else redirect(url_for("pages.two_factor_page"))
