"""Brokers: firms the insureds appoint, their users, and the appointments (the insurer's
administration; a broker's users read their own firm)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import Schema, fields, validate
from sqlalchemy import Select
from sqlalchemy.orm import Session

from core.accounts import brokers
from core.accounts import services as accounts
from core.accounts.models import Broker, BrokerAppointment, User
from core.actor import BROKER_ROLES, Actor, Permission, Role
from core.fields import Id, Text
from portal.api.accounts import (
    InsuredCreateSchema,
    InsuredSchema,
    InsuredUserCreateSchema,
    UserSchema,
)
from portal.api.endpoint import endpoint

bp = Blueprint("brokers", __name__, url_prefix="/api/v1")


class BrokerSchema(InsuredSchema):
    """A broker firm: its identity as an insured's is shown."""


class BrokerUserCreateSchema(InsuredUserCreateSchema):
    role = fields.Enum(Role, by_value=True, required=True,
                       validate=validate.OneOf(sorted(BROKER_ROLES)))


class AppointmentCreateSchema(Schema):
    insured_id = Id(required=True)
    permissions = fields.List(fields.Enum(Permission, by_value=True), required=True,
                              validate=validate.Length(max=len(Permission)))


class AppointmentSchema(Schema):
    id = fields.Integer()
    broker_id = fields.Integer()
    insured_id = fields.Integer()
    insured_name = Text(attribute="insured.name")
    permissions = fields.List(Text())
    created_at = fields.DateTime()


@endpoint(bp, "/brokers", "POST", summary="Register a broker firm", roles=brokers.REGISTER,
          body=InsuredCreateSchema(), response=BrokerSchema(), status=201)
def register(session: Session, actor: Actor, *, body: dict[str, Any]) -> Broker:
    return brokers.register_broker(session, actor=actor, **body)


@endpoint(bp, "/brokers", "GET", summary="Broker firms: all for the insurer's admin, its own "
          "for a broker's user", roles=brokers.SEE, response=BrokerSchema(), paginated=True)
def listed(session: Session, actor: Actor) -> Select[tuple[Broker]]:
    return brokers.brokers_query(actor)


@endpoint(bp, "/brokers/<int:broker_id>", "GET", summary="One broker firm", roles=brokers.SEE,
          response=BrokerSchema())
def one(session: Session, actor: Actor, broker_id: int) -> Broker:
    return brokers.get_broker(session, broker_id, actor=actor)


@endpoint(bp, "/brokers/<int:broker_id>/users", "POST", summary="Add a user to a broker firm "
          "(broker_admin or broker_user)", roles=accounts.ADD_BROKER_USER,
          body=BrokerUserCreateSchema(), response=UserSchema(), status=201)
def add_user(session: Session, actor: Actor, broker_id: int, *, body: dict[str, Any]) -> User:
    return brokers.add_broker_user(session, broker_id, actor=actor, **body)


@endpoint(bp, "/brokers/<int:broker_id>/users", "GET", summary="A broker firm's users",
          roles=brokers.SEE, response=UserSchema(), paginated=True)
def users(session: Session, actor: Actor, broker_id: int) -> Select[tuple[User]]:
    return brokers.broker_users_query(session, broker_id, actor=actor)


@endpoint(bp, "/brokers/<int:broker_id>/appointments", "POST", summary="Record an insured's "
          "appointment of the broker with its permissions (read is always given), or change "
          "the permissions of the appointment in force", roles=brokers.APPOINT,
          body=AppointmentCreateSchema(), response=AppointmentSchema(), status=201)
def appoint(
    session: Session, actor: Actor, broker_id: int, *, body: dict[str, Any]
) -> BrokerAppointment:
    return brokers.appoint(session, broker_id, actor=actor, **body)


@endpoint(bp, "/brokers/<int:broker_id>/appointments", "GET", summary="The broker's "
          "appointments in force: its clients and what each allows", roles=brokers.SEE,
          response=AppointmentSchema(), paginated=True)
def appointments(
    session: Session, actor: Actor, broker_id: int
) -> Select[tuple[BrokerAppointment]]:
    return brokers.appointments_query(session, broker_id, actor=actor)


@endpoint(bp, "/brokers/<int:broker_id>/appointments/<int:insured_id>", "DELETE",
          summary="End the appointment: the broker's access to the insured ends at once",
          roles=brokers.END_APPOINTMENT, status=204)
def end(session: Session, actor: Actor, broker_id: int, insured_id: int) -> Response:
    brokers.end_appointment(session, broker_id, insured_id, actor=actor)
    return Response(status=204)
