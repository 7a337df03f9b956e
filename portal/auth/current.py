"""The acting user of this request, and the tenant scope that follows from it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, g, request, session
from sqlalchemy.exc import OperationalError

from core.accounts import tokens
from core.accounts.models import ApiToken, User
from core.actor import Actor
from core.db import WRITE_INTENT
from core.errors import Unauthenticated
from core.tenancy import Scope, reset_scope, set_scope, tenant_scope
from portal.database import db

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger(__name__)


def current_actor() -> Actor | None:
    actor: Actor | None = g.get("actor")
    return actor


def init_app(app: Flask) -> None:
    app.before_request(_identify)
    app.teardown_request(_forget)


def _identify() -> None:
    """Resolve the user before any view runs; with nobody signed in, the scope fails closed.
    Static files are the same for everyone: they never reach the database."""
    if request.endpoint == "static":
        g.actor = g.user = None
        return
    user = _bearer_user() if request.path.startswith("/api/") else _session_user()
    g.actor = user.as_actor() if user else None
    g.user = user
    g.scope_token = set_scope(Scope.of(g.actor) if g.actor else None)
    if g.actor is not None and g.actor.is_broker and not request.path.startswith("/api/"):
        g.actor = _page_client(g.actor)
    token = g.get("token")
    if token is not None and tokens.use_to_record(token):
        _record_use(token.id)


def _page_client(actor: Actor) -> Actor:
    """A broker's page acts for the client whose object the page names (or whose policy or
    case its form names); otherwise for the client chosen in the switcher, if any. The API
    narrows a broker in its endpoint decorator, from the request's ids the same way."""
    from portal import clients

    named: dict[str, Any] = dict(request.view_args or {})
    for name in ("policy_id", "case_id"):
        value = request.form.get(name, "") if request.method == "POST" else ""
        if value.isascii() and value.isdigit() and len(value) < 10:
            named.setdefault(name, int(value))
    client = clients.client_named(db.session, named)
    if client is None and set(named) & set(clients.OWNED_BY_NAME):
        abort(404)  # another insured's object, before any role is asked
    if client is None:
        chosen = session.get("client")
        client = chosen if isinstance(chosen, int) and chosen in actor.clients else None
        client = client if client is not None else clients.only_client(actor)
    return clients.acting_for(actor, client)


def _record_use(token_id: int) -> None:
    """Record the token's use in a short transaction of its own, as a writer from the start: a
    request that only reads never holds the write lock, and a use that cannot be recorded now
    (another writer holding the lock too long) is recorded by the next request."""
    try:
        with db.factory() as own:
            own.connection(execution_options=WRITE_INTENT)
            tokens.record_use(own, token_id)
            own.commit()
    except OperationalError as error:
        log.info("Token use not recorded this time: %s", error.orig)


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
            g.token = tokens.token_in_use(db.session, clear.strip())
        except Unauthenticated as error:
            g.auth_error = error.message
            return None
    user: User = g.token.user
    return user


def _session_user() -> User | None:
    """The user of the browser session the cookie names, while the server keeps it: signing
    out, a password change or a suspension ends it, and a copy of the cookie with it."""
    key = session.get("key")
    if not isinstance(key, str):
        session.pop("user_id", None)
        return None
    with tenant_scope(Scope.everyone()):
        try:
            g.token = tokens.token_in_use(db.session, key, kinds=("browser",))
        except Unauthenticated:
            session.clear()
            return None
    user: User = g.token.user
    return user


def current_token() -> ApiToken | None:
    """The session or token this request came with."""
    token: ApiToken | None = g.get("token")
    return token


def start_session(user: User) -> None:
    """A browser session kept on the server; the caller commits."""
    clear, _row = tokens.issue_token(db.session, user, kind="browser",
                                     lifetime=tokens.BROWSER_SESSION_LIFETIME)
    session.clear()
    session.permanent = True
    session["key"] = clear
    if user.locale:
        session["lang"] = user.locale


def end_session() -> None:
    """Sign out: the server forgets the session, so a copied cookie stops working too."""
    row = current_token()
    if row is not None:
        tokens.end_token(db.session, row)
        db.session.commit()
    session.clear()


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
