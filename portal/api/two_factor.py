"""Two-factor sign-in by TOTP: enrol, then confirm with a first code to turn it on."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy.orm import Session

from core.accounts import two_factor
from core.accounts.models import User
from core.actor import Actor
from core.fields import Text
from portal.api.endpoint import endpoint

bp = Blueprint("two_factor", __name__, url_prefix="/api/v1")


class EnrolmentSchema(Schema):
    secret = Text()
    otpauth_uri = Text()


class ConfirmSchema(Schema):
    code = Text(required=True, validate=validate.Length(min=1, max=16))


class RecoveryCodesSchema(Schema):
    recovery_codes = fields.List(Text())


def _me(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id)
    assert user is not None
    return user


@endpoint(bp, "/users/me/totp", "POST",
          summary="Start two-factor sign-in: a new TOTP secret, asked for once confirmed",
          response=EnrolmentSchema(), errors=(409,))
def enrol(session: Session, actor: Actor) -> dict[str, Any]:
    row = two_factor.enrol(session, _me(session, actor), actor=actor)
    return {"secret": row.secret, "otpauth_uri": two_factor.otpauth_uri(row)}


@endpoint(bp, "/users/me/totp/confirm", "POST",
          summary="Turn two-factor sign-in on with a first code; ten recovery codes, shown once",
          body=ConfirmSchema(), response=RecoveryCodesSchema(), errors=(409,))
def confirm(session: Session, actor: Actor, *, body: dict[str, Any]) -> dict[str, Any]:
    codes = two_factor.confirm(session, _me(session, actor), body["code"], actor=actor)
    return {"recovery_codes": codes}
