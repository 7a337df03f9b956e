"""Plain factory functions and the default world: insurer staff and two insureds (tenants)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.accounts import brokers, tokens
from core.accounts.models import Broker, Insured, User
from core.accounts.services import create_insured, create_user
from core.actor import SYSTEM, Permission, Role
from core.audit import AuditEntry
from core.tenancy import Scope, tenant_scope
from underwriting.policies import Policy
from underwriting.policies.services import create_policy

PASSWORD = "Correct-horse-42"
_serial = itertools.count(1)


def make_insured(session: Session, name: str | None = None, country: str = "DE") -> Insured:
    n = next(_serial)
    with tenant_scope(Scope.everyone()):
        return create_insured(session, actor=SYSTEM, name=name or f"Insured {n}",
                              country=country, registration_number=f"REG-{n}")


def make_user(
    session: Session, role: Role, insured: Insured | None = None, email: str | None = None
) -> User:
    with tenant_scope(Scope.everyone()):
        return create_user(
            session, actor=SYSTEM, email=email or f"{role.value}{next(_serial)}@example.test",
            password=PASSWORD, role=role, insured_id=insured.id if insured else None,
        )


def make_broker(session: Session, name: str | None = None) -> Broker:
    n = next(_serial)
    return brokers.register_broker(session, actor=SYSTEM, name=name or f"Broker {n}",
                                   country="GB", registration_number=f"BRK-{n}")


def make_broker_user(session: Session, broker: Broker, role: Role = Role.BROKER_USER) -> User:
    with tenant_scope(Scope.everyone()):
        return brokers.add_broker_user(session, broker.id, actor=SYSTEM, role=role,
                                       email=f"{role.value}{next(_serial)}@example.test",
                                       password=PASSWORD)


def appoint(session: Session, broker: Broker, insured: Insured,
            permissions: tuple[Permission, ...] = tuple(Permission)) -> None:
    with tenant_scope(Scope.everyone()):
        brokers.appoint(session, broker.id, actor=SYSTEM, insured_id=insured.id,
                        permissions=permissions)


def make_policy(session: Session, insured: Insured, **overrides: Any) -> Policy:
    values: dict[str, Any] = {
        "number": f"POL-{next(_serial)}", "currency": "EUR",
        "start_date": dt.date(2026, 1, 1), "end_date": dt.date(2026, 12, 31), "terms": {},
    }
    values.update(overrides)
    with tenant_scope(Scope.everyone()):
        return create_policy(session, actor=SYSTEM, insured_id=insured.id, **values)


def bearer(session: Session, user: User) -> dict[str, str]:
    clear, _row = tokens.issue_token(session, user, kind="session")
    return {"Authorization": f"Bearer {clear}"}


def audit_count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@dataclass
class Tenant:
    insured: Insured
    admin: User
    user: User
    policy: Policy
    headers: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class World:
    insurer_admin: User
    underwriter: User
    claims_handler: User
    a: Tenant
    b: Tenant
    headers: dict[str, dict[str, str]]
    broker: Broker
    broker_user: User
    broker_admin: User

    def as_(self, who: str) -> dict[str, str]:
        """Bearer headers for 'insurer_admin', 'underwriter', 'claims_handler', 'a.admin', ...,
        'broker.user' and 'broker.admin' (of a broker that tenant a appointed with every
        permission; tenant b did not appoint it)."""
        return self.headers[who]


def _tenant(session: Session, name: str, country: str) -> Tenant:
    insured = make_insured(session, name, country)
    return Tenant(
        insured=insured,
        admin=make_user(session, Role.INSURED_ADMIN, insured),
        user=make_user(session, Role.INSURED_USER, insured),
        policy=make_policy(session, insured),
    )


def build_world(session: Session) -> World:
    staff = {role: make_user(session, role) for role in
             (Role.INSURER_ADMIN, Role.UNDERWRITER, Role.CLAIMS_HANDLER)}
    a = _tenant(session, "杭州远航贸易有限公司", "CN")
    b = _tenant(session, "Société Générale de Négoce", "FR")
    broker = make_broker(session, "Harbour Credit Brokers Ltd")
    appoint(session, broker, a.insured)
    broker_user = make_broker_user(session, broker)
    broker_admin = make_broker_user(session, broker, Role.BROKER_ADMIN)
    people = {
        "insurer_admin": staff[Role.INSURER_ADMIN], "underwriter": staff[Role.UNDERWRITER],
        "claims_handler": staff[Role.CLAIMS_HANDLER],
        "a.admin": a.admin, "a.user": a.user, "b.admin": b.admin, "b.user": b.user,
        "broker.user": broker_user, "broker.admin": broker_admin,
    }
    headers = {who: bearer(session, user) for who, user in people.items()}
    session.commit()
    return World(
        insurer_admin=staff[Role.INSURER_ADMIN], underwriter=staff[Role.UNDERWRITER],
        claims_handler=staff[Role.CLAIMS_HANDLER], a=a, b=b, headers=headers,
        broker=broker, broker_user=broker_user, broker_admin=broker_admin,
    )
