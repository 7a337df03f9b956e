"""Password change and reset by e-mail."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
from marshmallow import Schema, validate
from sqlalchemy.orm import Session

from core.accounts import recovery
from core.accounts.models import User
from core.accounts.passwords import MAX_LENGTH
from core.actor import Actor
from core.fields import Email, Text
from core.tenancy import Scope, tenant_scope
from portal.api.endpoint import endpoint
from portal.auth.current import current_token
from portal.recovery_mail import reset_letter, send_after_commit

bp = Blueprint("passwords", __name__, url_prefix="/api/v1")


def _password(**kwargs: Any) -> Text:
    return Text(required=True, validate=validate.Length(min=1, max=MAX_LENGTH), **kwargs)


class PasswordChangeSchema(Schema):
    current_password = _password()
    new_password = _password()


class ResetRequestSchema(Schema):
    email = Email(required=True, validate=validate.Length(max=254))


class ResetConfirmSchema(Schema):
    token = Text(required=True, validate=validate.Length(min=1, max=200))
    new_password = _password()


@endpoint(bp, "/users/me/password", "POST",
          summary="Change your password (your other sessions end)",
          body=PasswordChangeSchema(), status=204)
def change_password(session: Session, actor: Actor, *, body: dict[str, Any]) -> Response:
    user = session.get(User, actor.user_id)
    assert user is not None
    row = current_token()
    recovery.change_password(session, user, actor=actor, keep=row.id if row else None, **body)
    return Response(status=204)


@endpoint(bp, "/auth/password-reset", "POST",
          summary="E-mail a single-use, one-hour password reset link (always 202)",
          roles=None, body=ResetRequestSchema(), status=202)
def request_reset(session: Session, _actor: None, *, body: dict[str, Any]) -> Response:
    with tenant_scope(Scope.everyone()):  # nobody is signed in
        issued = recovery.request_reset(session, body["email"])
    if issued is not None:
        user, key = issued
        send_after_commit(reset_letter(user, key, current_app.config["PUBLIC_URL"]))
    return Response(status=202)


@endpoint(bp, "/auth/password-reset/confirm", "POST",
          summary="Set a new password with the e-mailed reset token (every session ends)",
          roles=None, body=ResetConfirmSchema(), status=204)
def confirm_reset(session: Session, _actor: None, *, body: dict[str, Any]) -> Response:
    with tenant_scope(Scope.everyone()):
        recovery.confirm_reset(session, body["token"], body["new_password"])
    return Response(status=204)
