"""Creating insureds and users. Services flush; the caller commits."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import Insured, User
from core.accounts.passwords import hash_password, password_problems
from core.accounts.tokens import end_sessions
from core.actor import BROKER_ROLES, INSURED_ROLES, STAFF_ROLES, Action, Actor, Role
from core.errors import Conflict, Forbidden, NotFound, RuleViolation
from core.tenancy import owned_or_404

INSURED_FIELDS = ("name", "country", "registration_number", "active")
USER_FIELDS = ("email", "role", "insured_id", "broker_id", "full_name", "active")

REGISTER_INSURED = Action.of("register an insured", Role.INSURER_ADMIN)
MANAGE_STAFF = Action.of("add and list the insurer's staff", Role.INSURER_ADMIN)
MANAGE_USERS = Action.of("add and list an insured's users; suspend, reinstate or change the "
                         "role of a user one manages", Role.INSURER_ADMIN, Role.INSURED_ADMIN)
ADD_BROKER_USER = Action.of("add a broker's user", Role.INSURER_ADMIN, Role.BROKER_ADMIN)


def create_insured(
    session: Session, *, actor: Actor, name: str, country: str, registration_number: str
) -> Insured:
    """Register a new insured seller (a tenant)."""
    actor.require(REGISTER_INSURED)
    country = country.upper()
    duplicate = select(Insured.id).where(
        Insured.country == country, Insured.registration_number == registration_number
    )
    if session.scalar(duplicate) is not None:
        raise Conflict(
            "An insured with this country and registration number exists.",
            fields={"registration_number": ["Already registered."]},
        )
    insured = Insured(name=name, country=country, registration_number=registration_number)
    session.add(insured)
    audit.record(
        session, actor, "insured.create", insured,
        insured_id=None, after=audit.snapshot(insured, *INSURED_FIELDS),
    )
    return insured


def get_insured(session: Session, insured_id: int, *, actor: Actor) -> Insured:
    return owned_or_404(session.get(Insured, insured_id), actor, "Insured")


def list_insureds(session: Session, *, actor: Actor) -> list[Insured]:
    return list(session.scalars(select(Insured).order_by(Insured.name)))


NOT_USABLE = "This email cannot be used for a new user. Ask the insurer's administrator."


def _refuse_taken_email(actor: Actor) -> None:
    """An e-mail signs in one user on the whole platform, so a taken one is refused. The
    insurer's admin and the command line, who see every user, are told why (409). Anyone else
    gets one answer that says only that the e-mail cannot be used, whoever holds it (a user of
    their own, of another insured, or of the insurer's staff): "already in use" would tell an
    insured's admin who else is on the platform. What remains is that a refused e-mail differs
    from an accepted one, which no answer can hide while users are created at once."""
    if actor.role in (Role.INSURER_ADMIN, None):
        raise Conflict("This email is already in use.", fields={"email": ["Already in use."]})
    raise RuleViolation(NOT_USABLE, fields={"email": [NOT_USABLE]})


def create_user(
    session: Session,
    *,
    actor: Actor,
    email: str,
    password: str,
    role: Role,
    insured_id: int | None = None,
    broker_id: int | None = None,
    full_name: str = "",
) -> User:
    """Add a user: staff by the insurer's admin; insured roles by it or the insured's admin;
    broker roles (through `core.accounts.brokers`) by it or the broker's admin."""
    _may_create(actor, role, insured_id, broker_id)
    if insured_id is not None:
        get_insured(session, insured_id, actor=actor)
    email = email.strip().lower()
    problems = password_problems(password, email=email)
    if problems:
        raise RuleViolation("The password is too weak.", fields={"password": problems})
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        _refuse_taken_email(actor)
    user = User(
        email=email, password_hash=hash_password(password), role=role,
        insured_id=insured_id, broker_id=broker_id, full_name=full_name,
    )
    session.add(user)
    audit.record(
        session, actor, "user.create", user,
        insured_id=insured_id, after=audit.snapshot(user, *USER_FIELDS),
    )
    return user


def _may_create(actor: Actor, role: Role, insured_id: int | None, broker_id: int | None) -> None:
    if role in BROKER_ROLES or broker_id is not None:
        actor.require(ADD_BROKER_USER)
        if role not in BROKER_ROLES or broker_id is None or insured_id is not None:
            raise RuleViolation("A broker's user has a broker role and belongs to the broker.",
                                fields={"role": ["Broker role."]})
        if actor.is_broker and actor.broker_id != broker_id:
            raise NotFound("Broker not found.")
        return
    if role in STAFF_ROLES:
        actor.require(MANAGE_STAFF)
        if insured_id is not None:
            raise RuleViolation(
                "Staff users belong to no insured.", fields={"role": ["Staff role."]}
            )
        return
    if insured_id is None:
        raise RuleViolation("An insured role needs an insured.", fields={"role": ["Insured role."]})
    actor.require(MANAGE_USERS)
    if not actor.sees(insured_id):
        raise Forbidden("You may only add users to your own insured.")
    assert role in INSURED_ROLES


def list_users(session: Session, *, actor: Actor, insured_id: int | None) -> list[User]:
    """The users of one insured, or the insurer's staff when `insured_id` is None."""
    if insured_id is None:
        actor.require(MANAGE_STAFF)
        query = select(User).where(User.insured_id.is_(None), User.broker_id.is_(None))
    else:
        actor.require(MANAGE_USERS)
        get_insured(session, insured_id, actor=actor)
        query = select(User).where(User.insured_id == insured_id)
    return list(session.scalars(query.order_by(User.email)))


def set_user_active(session: Session, user_id: int, *, actor: Actor, active: bool) -> User:
    """Suspend or reinstate a user (insurer admin, or that user's insured admin)."""
    actor.require(MANAGE_USERS)
    user = managed_user(session, user_id, actor)
    before = audit.snapshot(user, "active")
    user.active = active
    if not active:
        end_sessions(session, user.id)
    audit.record(
        session, actor, "user.activate" if active else "user.suspend", user,
        insured_id=user.insured_id, before=before, after=audit.snapshot(user, "active"),
    )
    return user


def change_role(session: Session, user_id: int, *, actor: Actor, role: Role) -> User:
    """Make an insured's user its admin or a plain user (the insurer's admin, or that insured's
    admin). The last active admin of an insured stays one (409), so that someone can manage it."""
    actor.require(MANAGE_USERS)
    user = managed_user(session, user_id, actor)
    if user.insured_id is None:
        raise RuleViolation("Staff roles are not changed here.", fields={"role": ["Staff user."]})
    if role not in INSURED_ROLES:
        raise RuleViolation("An insured's user is an admin or a user.",
                            fields={"role": ["Not an insured role."]})
    if user.role is Role.INSURED_ADMIN and role is not Role.INSURED_ADMIN and user.active:
        others = select(func.count()).select_from(User).where(
            User.insured_id == user.insured_id, User.role == Role.INSURED_ADMIN,
            User.active.is_(True), User.id != user.id)
        if not session.scalar(others):
            raise Conflict("The last active admin of an insured cannot stop being one.",
                           fields={"role": ["Last active admin."]})
    if user.role is not role:
        before = audit.snapshot(user, "role")
        user.role = role
        audit.record(session, actor, "user.role", user, insured_id=user.insured_id,
                     before=before, after=audit.snapshot(user, "role"))
    return user


def managed_user(session: Session, user_id: int, actor: Actor) -> User:
    """A user the actor manages: any for the insurer's admin, its own insured's for an
    insured's admin; anyone else's is not found."""
    user = session.get(User, user_id)
    if user is None or (actor.insured_id is not None and user.insured_id != actor.insured_id):
        raise NotFound("User not found.")
    return user
