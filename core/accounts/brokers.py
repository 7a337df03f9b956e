"""Broker firms, their users, and the insureds' appointments of them. Services flush; the
caller commits.

The insurer's administrator registers a broker and records each appointment with the
permissions the insured gives; ending an appointment ends the broker's access to that insured
at once, since a broker user's reach is read from its live appointments on every request.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import Broker, BrokerAppointment, User
from core.accounts.services import ADD_BROKER_USER, create_user, get_insured
from core.actor import BROKER_ROLES, Action, Actor, Permission, Role
from core.clock import utcnow
from core.errors import Conflict, NotFound, RuleViolation

BROKER_FIELDS = ("name", "country", "registration_number", "active")

REGISTER = Action.of("register a broker", Role.INSURER_ADMIN)
APPOINT = Action.of("appoint a broker for an insured", Role.INSURER_ADMIN)
END_APPOINTMENT = Action.of("end a broker's appointment", Role.INSURER_ADMIN, Role.INSURED_ADMIN)
SEE = Action.of("see brokers", Role.INSURER_ADMIN, *BROKER_ROLES)


def register_broker(
    session: Session, *, actor: Actor, name: str, country: str, registration_number: str
) -> Broker:
    actor.require(REGISTER)
    country = country.upper()
    taken = select(Broker.id).where(Broker.country == country,
                                    Broker.registration_number == registration_number)
    if session.scalar(taken) is not None:
        raise Conflict("A broker with this country and registration number exists.",
                       fields={"registration_number": ["Already registered."]})
    broker = Broker(name=name, country=country, registration_number=registration_number,
                    active=True)
    session.add(broker)
    audit.record(session, actor, "broker.create", broker, insured_id=None,
                 after=audit.snapshot(broker, *BROKER_FIELDS))
    return broker


def get_broker(session: Session, broker_id: int, *, actor: Actor) -> Broker:
    """A broker as `actor` may see it: the insurer's admin any, a broker's users their own."""
    actor.require(SEE)
    broker = session.get(Broker, broker_id)
    if broker is None or (actor.is_broker and actor.broker_id != broker_id):
        raise NotFound("Broker not found.")
    return broker


def brokers_query(actor: Actor) -> Select[tuple[Broker]]:
    actor.require(SEE)
    query = select(Broker).order_by(Broker.name, Broker.id)
    if actor.is_broker:
        query = query.where(Broker.id == actor.broker_id)
    return query


def add_broker_user(
    session: Session, broker_id: int, *, actor: Actor, email: str, password: str, role: Role,
    full_name: str = "",
) -> User:
    """A user of the broker: by the insurer's admin, or the broker's own admin."""
    actor.require(ADD_BROKER_USER)
    broker = get_broker(session, broker_id, actor=actor) if actor.is_broker else \
        session.get(Broker, broker_id)
    if broker is None:
        raise NotFound("Broker not found.")
    if role not in BROKER_ROLES:
        raise RuleViolation("A broker's user is a broker_admin or a broker_user.",
                            fields={"role": ["Not a broker role."]})
    return create_user(session, actor=actor, email=email, password=password, role=role,
                       broker_id=broker.id, full_name=full_name)


def broker_users_query(session: Session, broker_id: int, *, actor: Actor) -> Select[tuple[User]]:
    get_broker(session, broker_id, actor=actor)
    return select(User).where(User.broker_id == broker_id).order_by(User.email)


def appoint(
    session: Session, broker_id: int, *, actor: Actor, insured_id: int,
    permissions: Iterable[Permission],
) -> BrokerAppointment:
    """Record an insured's appointment of the broker, or change the permissions of the one in
    force. Reading is part of every appointment: a broker acts only on what it can see."""
    actor.require(APPOINT)
    broker = session.get(Broker, broker_id)
    if broker is None:
        raise NotFound("Broker not found.")
    get_insured(session, insured_id, actor=actor)
    granted = sorted({Permission.READ, *permissions})
    current = _in_force(session, broker_id, insured_id)
    if current is not None and current.permissions == [str(p) for p in granted]:
        return current  # as it was: nothing to record
    if current is not None:
        before = {"permissions": list(current.permissions)}
        current.permissions = [str(p) for p in granted]
        audit.record(session, actor, "broker.appointment.change", current,
                     insured_id=insured_id, before=before,
                     after={"broker_id": broker_id, "permissions": current.permissions})
        return current
    appointment = BrokerAppointment(broker_id=broker_id, insured_id=insured_id,
                                    permissions=[str(p) for p in granted])
    session.add(appointment)
    audit.record(session, actor, "broker.appoint", appointment, insured_id=insured_id,
                 after={"broker_id": broker_id, "permissions": appointment.permissions})
    return appointment


def end_appointment(session: Session, broker_id: int, insured_id: int, *, actor: Actor) -> None:
    """End the appointment in force: by the insurer's admin, or the insured's own admin."""
    actor.require(END_APPOINTMENT)
    if not actor.sees(insured_id):
        raise NotFound("Appointment not found.")
    current = _in_force(session, broker_id, insured_id)
    if current is None:
        raise NotFound("Appointment not found.")
    current.ended_at = utcnow()
    audit.record(session, actor, "broker.appointment.end", current, insured_id=insured_id,
                 before={"broker_id": broker_id, "ended_at": None},
                 after={"broker_id": broker_id, "ended_at": current.ended_at})


def appointments_query(
    session: Session, broker_id: int, *, actor: Actor
) -> Select[tuple[BrokerAppointment]]:
    """The broker's appointments in force, its clients first by name."""
    get_broker(session, broker_id, actor=actor)
    return select(BrokerAppointment).where(
        BrokerAppointment.broker_id == broker_id, BrokerAppointment.ended_at.is_(None),
    ).order_by(BrokerAppointment.insured_id)


def _in_force(session: Session, broker_id: int, insured_id: int) -> BrokerAppointment | None:
    return session.scalar(select(BrokerAppointment).where(
        BrokerAppointment.broker_id == broker_id, BrokerAppointment.insured_id == insured_id,
        BrokerAppointment.ended_at.is_(None)).with_for_update(of=BrokerAppointment))
