"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import ValidationError

from core.accounts.signin import SecondFactorRequired, authenticate
from core.clock import utcnow
from core.errors import TooManyAttempts
from core.tenancy import Scope, tenant_scope
from portal.api.schemas import SignInSchema
from portal.auth.current import end_session, start_session
from portal.database import db

bp = Blueprint("pages", __name__)


def safe_next(target: str | None) -> str:
    """Only paths on this site: never an open redirect to somebody else's."""
    if not target:
        return "/"
    parts = urlsplit(target)
    foreign = parts.scheme or parts.netloc or "\\" in target
    if foreign or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("pages/sign_in.html", next=request.args.get("next", ""))
    email, next_page = request.form.get("email", ""), request.form.get("next", "")
    try:
        entered = SignInSchema().load({"email": email, "password": request.form.get("password")})
    except ValidationError:  # never echoed: it may be megabytes, or hold what a page cannot show
        return _sign_in_page(_("Enter a valid email address and password."), "", next_page), 422
    try:
        with tenant_scope(Scope.everyone()):
            user = authenticate(db.session, entered["email"], entered["password"],
                                address=request.remote_addr)
    except TooManyAttempts as error:
        return _sign_in_page(_too_many(error), email, next_page), 429
    except SecondFactorRequired:
        db.session.commit()  # counted until the code passes too
        session["two_factor"] = {"email": entered["email"], "at": utcnow().timestamp(),
                                 "next": safe_next(next_page)}
        return redirect(url_for("pages.sign_in_code"))
    if user is None:
        db.session.commit()  # the failure is counted
        wrong = _("Wrong email or password.")
        return _sign_in_page(wrong, email, next_page), 401
    start_session(user)
    db.session.commit()
    return redirect(safe_next(next_page))


def _too_many(error: TooManyAttempts) -> str:
    return str(_("Too many failed sign-ins. Try again in %(seconds)s seconds.",
                 seconds=error.retry_after_seconds))


def _sign_in_page(error: str, email: str, next_page: str) -> str:
    return render_template("pages/sign_in.html", error=error, email=email, next=next_page)


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    end_session()
    flash(_("You have signed out."), "info")
    return redirect("/sign-in")


@bp.post("/language")
def language() -> ResponseReturnValue:
    chosen = request.form.get("lang", "")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return redirect(safe_next(request.form.get("next")))
