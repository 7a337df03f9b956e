"""Insureds and users (the insurer's administration, and an insured's own admin)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core.accounts import services, tokens
from core.accounts.models import ApiToken, Insured, User
from core.accounts.passwords import MAX_LENGTH
from core.actor import INSURED_ROLES, STAFF_ROLES, Actor, Role
from core.fields import Email, Text
from portal.api.endpoint import endpoint
from portal.api.schemas import TokenRowSchema

bp = Blueprint("accounts", __name__, url_prefix="/api/v1")


class InsuredCreateSchema(Schema):
    name = Text(required=True, validate=validate.Length(min=1, max=200))
    country = Text(
        required=True, validate=validate.Regexp(r"^[A-Za-z]{2}$", error="ISO 3166 alpha-2 code.")
    )
    registration_number = Text(required=True, validate=validate.Length(min=1, max=64))


class InsuredSchema(Schema):
    id = fields.Integer()
    name = Text()
    country = Text()
    registration_number = Text()
    active = fields.Boolean()
    created_at = fields.DateTime()


class InsuredUserCreateSchema(Schema):
    email = Email(required=True, validate=validate.Length(max=254))
    password = Text(required=True, validate=validate.Length(max=MAX_LENGTH))
    role = fields.Enum(Role, by_value=True, required=True,
                       validate=validate.OneOf(sorted(INSURED_ROLES)))
    full_name = Text(load_default="", validate=validate.Length(max=200))


class StaffUserCreateSchema(InsuredUserCreateSchema):
    role = fields.Enum(Role, by_value=True, required=True,
                       validate=validate.OneOf(sorted(STAFF_ROLES)))


class RoleChangeSchema(Schema):
    role = fields.Enum(Role, by_value=True, required=True,
                       validate=validate.OneOf(sorted(INSURED_ROLES)))


class InsuredTokenSchema(TokenRowSchema):
    """A user's token as the insured's admin sees it: whose it is, never its secret."""

    user_id = fields.Integer()
    user_email = Text(attribute="user.email")


class UserSchema(Schema):
    id = fields.Integer()
    email = Text()
    role = fields.Enum(Role, by_value=True)
    insured_id = fields.Integer(allow_none=True)
    broker_id = fields.Integer(allow_none=True)
    full_name = Text()
    language = fields.String(attribute="locale", allow_none=True)
    active = fields.Boolean()
    created_at = fields.DateTime()


@endpoint(bp, "/insureds", "POST", summary="Register an insured (a tenant)",
          roles=services.REGISTER_INSURED, body=InsuredCreateSchema(), response=InsuredSchema(),
          status=201)
def create_insured(session: Session, actor: Actor, *, body: dict[str, Any]) -> Insured:
    return services.create_insured(session, actor=actor, **body)


@endpoint(bp, "/insureds", "GET", summary="List insureds (staff) or your own insured",
          response=InsuredSchema(), paginated=True)
def list_insureds(session: Session, actor: Actor) -> Select[tuple[Insured]]:
    return select(Insured).order_by(Insured.name, Insured.id)


@endpoint(bp, "/insureds/<int:insured_id>", "GET", summary="One insured",
          response=InsuredSchema())
def get_insured(session: Session, actor: Actor, insured_id: int) -> Insured:
    return services.get_insured(session, insured_id, actor=actor)


@endpoint(bp, "/insureds/<int:insured_id>/users", "POST", summary="Add a user to an insured",
          roles=services.MANAGE_USERS, body=InsuredUserCreateSchema(),
          response=UserSchema(), status=201)
def create_insured_user(
    session: Session, actor: Actor, insured_id: int, *, body: dict[str, Any]
) -> User:
    services.get_insured(session, insured_id, actor=actor)  # 404 before 403 for others' ids
    return services.create_user(session, actor=actor, insured_id=insured_id, **body)


@endpoint(bp, "/insureds/<int:insured_id>/users", "GET", summary="An insured's users",
          roles=services.MANAGE_USERS, response=UserSchema(many=True))
def list_insured_users(session: Session, actor: Actor, insured_id: int) -> list[User]:
    return services.list_users(session, actor=actor, insured_id=insured_id)


@endpoint(bp, "/users", "POST", summary="Add a member of the insurer's staff",
          roles=services.MANAGE_STAFF, body=StaffUserCreateSchema(), response=UserSchema(),
          status=201)
def create_staff_user(session: Session, actor: Actor, *, body: dict[str, Any]) -> User:
    return services.create_user(session, actor=actor, **body)


@endpoint(bp, "/users", "GET", summary="The insurer's staff", roles=services.MANAGE_STAFF,
          response=UserSchema(many=True))
def list_staff_users(session: Session, actor: Actor) -> list[User]:
    return services.list_users(session, actor=actor, insured_id=None)


@endpoint(bp, "/users/me", "GET", summary="The signed-in user", response=UserSchema())
def me(session: Session, actor: Actor) -> User:
    user = session.get(User, actor.user_id)
    assert user is not None
    return user


@endpoint(bp, "/users/<int:user_id>/suspend", "POST", summary="Suspend a user",
          roles=services.MANAGE_USERS, response=UserSchema())
def suspend_user(session: Session, actor: Actor, user_id: int) -> User:
    return services.set_user_active(session, user_id, actor=actor, active=False)


@endpoint(bp, "/users/<int:user_id>/reinstate", "POST", summary="Reinstate a suspended user",
          roles=services.MANAGE_USERS, response=UserSchema())
def reinstate_user(session: Session, actor: Actor, user_id: int) -> User:
    return services.set_user_active(session, user_id, actor=actor, active=True)


@endpoint(bp, "/users/<int:user_id>", "PATCH",
          summary="Make an insured's user its admin or a plain user (409 for its last admin)",
          roles=services.MANAGE_USERS, body=RoleChangeSchema(),
          response=UserSchema())
def change_role(session: Session, actor: Actor, user_id: int, *, body: dict[str, Any]) -> User:
    return services.change_role(session, user_id, actor=actor, role=body["role"])


@endpoint(bp, "/insureds/<int:insured_id>/tokens", "GET",
          summary="The personal API tokens of an insured's users (never the tokens themselves)",
          roles=tokens.OVERSEE, response=InsuredTokenSchema(many=True))
def list_insured_tokens(session: Session, actor: Actor, insured_id: int) -> list[ApiToken]:
    services.get_insured(session, insured_id, actor=actor)
    return tokens.insured_tokens(session, insured_id)
