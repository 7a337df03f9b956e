"""The acting user of this request, and the tenant scope that follows from it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, g, request, session

from core.accounts.models import User
from core.accounts.tokens import user_for_token
from core.actor import Actor
from core.errors import Unauthenticated
from core.tenancy import Scope, reset_scope, set_scope, tenant_scope
from portal.database import db

F = TypeVar("F", bound=Callable[..., Any])


def current_actor() -> Actor | None:
    actor: Actor | None = g.get("actor")
    return actor


def init_app(app: Flask) -> None:
    app.before_request(_identify)
    app.teardown_request(_forget)


def _identify() -> None:
    """Resolve the user before any view runs; with nobody signed in, the scope fails closed."""
    user = _bearer_user() if request.path.startswith("/api/") else _session_user()
    g.actor = user.as_actor() if user else None
    g.user = user
    g.scope_token = set_scope(Scope.of(g.actor) if g.actor else None)


def _forget(_exc: BaseException | None) -> None:
    token = g.pop("scope_token", None)
    if token is not None:
        reset_scope(token)


def _bearer_user() -> User | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, clear = header.partition(" ")
    if scheme.lower() != "bearer" or not clear.strip():
        g.auth_error = "Use 'Authorization: Bearer <token>'."
        return None
    with tenant_scope(Scope.everyone()):
        try:
            return user_for_token(db.session, clear.strip())
        except Unauthenticated as error:
            g.auth_error = error.message
            return None


def _session_user() -> User | None:
    user_id = session.get("user_id")
    if not isinstance(user_id, int):
        return None
    with tenant_scope(Scope.everyone()):
        user = db.session.get(User, user_id)
        insured_ok = user is not None and (user.insured is None or user.insured.active)
    if user is None or not user.active or not insured_ok or session.get("epoch") != _epoch(user):
        session.clear()
        return None
    return user


def _epoch(user: User) -> str:
    """Changes when the password changes, so that old sessions end with it."""
    return user.password_hash[-16:]


def start_session(user: User) -> None:
    session.clear()
    session.permanent = True
    session["user_id"] = user.id
    session["epoch"] = _epoch(user)
    if user.locale:
        session["lang"] = user.locale


def sign_in_required(view: F) -> F:
    """For pages: send a visitor who is not signed in to the sign-in page."""
    from flask import redirect, url_for

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_actor() is None:
            return redirect(url_for("pages.sign_in", next=request.full_path))
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def require_actor() -> Actor:
    actor = current_actor()
    if actor is None:
        raise Unauthenticated(g.get("auth_error") or "Sign in first: send a bearer token.")
    return actor
