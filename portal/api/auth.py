"""Sign-in for the API and personal API tokens."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from sqlalchemy.orm import Session

from core.accounts import tokens
from core.accounts.models import ApiToken, User
from core.accounts.signin import authenticate
from core.actor import Actor
from core.errors import Unauthenticated
from core.tenancy import Scope, tenant_scope
from portal.api.endpoint import endpoint
from portal.api.schemas import (
    PersonalTokenCreateSchema,
    PersonalTokenSchema,
    SignInSchema,
    TokenSchema,
)
from portal.auth.current import current_token

bp = Blueprint("auth", __name__, url_prefix="/api/v1")


@endpoint(bp, "/auth/token", "POST",
          summary="Sign in: exchange email and password (with two-factor sign-in on, also a "
          "totp or recovery_code) for a token",
          roles=None, body=SignInSchema(), response=TokenSchema(), status=200)
def sign_in(session: Session, _actor: None, *, body: dict[str, Any]) -> dict[str, Any]:
    with tenant_scope(Scope.everyone()):  # the user's tenant is not known yet
        try:
            user = authenticate(session, body["email"], body["password"],
                                address=request.remote_addr, totp=body.get("totp"),
                                recovery_code=body.get("recovery_code"))
        except Unauthenticated:
            session.commit()  # a missing or wrong second factor counts as a failure too
            raise
        if user is None:
            session.commit()  # remember the failure for throttling
            raise Unauthenticated("Wrong email or password.")
        clear, row = tokens.issue_token(session, user, kind="session")
    return {"token": clear, "expires_at": row.expires_at}


@endpoint(bp, "/auth/sign-out", "POST", summary="Sign out: revoke the bearer session token used",
          status=204)
def sign_out(session: Session, actor: Actor) -> Response:
    """A personal API token is left alone: it is revoked on purpose, not by signing out."""
    row = current_token()
    if row is not None and row.kind == "session":
        tokens.end_token(session, row)
    return Response(status=204)


@endpoint(bp, "/auth/tokens", "GET", summary="List your personal API tokens",
          response=PersonalTokenSchema(many=True))
def list_tokens(session: Session, actor: Actor) -> list[ApiToken]:
    assert actor.user_id is not None
    return tokens.personal_tokens(session, actor.user_id)


@endpoint(bp, "/auth/tokens", "POST", summary="Create a personal API token (shown once)",
          body=PersonalTokenCreateSchema(), response=PersonalTokenSchema(), status=201)
def create_token(session: Session, actor: Actor, *, body: dict[str, Any]) -> ApiToken:
    user = session.get(User, actor.user_id)
    assert user is not None
    clear, row = tokens.create_personal_token(session, user, actor=actor, **body)
    setattr(row, "clear_text", clear)  # noqa: B010 - shown in this one answer, never stored
    return row


@endpoint(bp, "/auth/tokens/<int:token_id>/revoke", "POST",
          summary="Revoke a token of your own, or a personal API token of your insured's users "
          "(an insured's admin) or of anyone (the insurer's admin)",
          response=PersonalTokenSchema())
def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    return tokens.revoke_token(session, token_id, actor=actor)
