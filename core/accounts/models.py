"""Insureds, users, API tokens, the sign-in throttle and the second factor."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.actor import Actor, Appointment, Permission, Role
from core.clock import utcnow
from core.db import Base, TimestampMixin
from core.tenancy import TenantRoot


class Insured(TenantRoot, TimestampMixin, Base):
    """An insured seller: the tenant every policy, limit and claim belongs to."""

    __tablename__ = "insureds"
    __table_args__ = (UniqueConstraint("country", "registration_number"),)

    name: Mapped[str]
    country: Mapped[str] = mapped_column(String(2))
    registration_number: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)


class Broker(TimestampMixin, Base):
    """A broker firm: it serves the insureds that appoint it, within what each allows."""

    __tablename__ = "brokers"
    __table_args__ = (UniqueConstraint("country", "registration_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    country: Mapped[str] = mapped_column(String(2))
    registration_number: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)

    appointments: Mapped[list[BrokerAppointment]] = relationship(
        lazy="selectin", primaryjoin="and_(Broker.id == BrokerAppointment.broker_id, "
                                     "BrokerAppointment.ended_at.is_(None))", viewonly=True)


class BrokerAppointment(TimestampMixin, Base):
    """An insured's appointment of a broker, with the permissions it gives. Ending it ends the
    broker's access at once; an appointment made again later is a new row."""

    __tablename__ = "broker_appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    broker_id: Mapped[int] = mapped_column(ForeignKey("brokers.id"), index=True)
    insured_id: Mapped[int] = mapped_column(ForeignKey("insureds.id"), index=True)
    permissions: Mapped[list[Any]]
    ended_at: Mapped[dt.datetime | None]

    insured: Mapped[Insured] = relationship(lazy="joined", innerjoin=True)

    @property
    def granted(self) -> frozenset[Permission]:
        return frozenset(Permission(p) for p in self.permissions)


class User(TimestampMixin, Base):
    """A person who signs in. Insured roles carry their insured, broker roles their broker;
    staff roles carry neither."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "(role IN ('insured_user', 'insured_admin')) = (insured_id IS NOT NULL)",
            name="insured_roles_have_insured",
        ),
        CheckConstraint(
            "(role IN ('broker_user', 'broker_admin')) = (broker_id IS NOT NULL)",
            name="broker_roles_have_broker",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str]
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("insureds.id"), index=True)
    broker_id: Mapped[int | None] = mapped_column(ForeignKey("brokers.id"), index=True)
    full_name: Mapped[str] = mapped_column(default="")
    locale: Mapped[str | None] = mapped_column(String(8))
    active: Mapped[bool] = mapped_column(default=True)

    insured: Mapped[Insured | None] = relationship(lazy="joined")
    broker: Mapped[Broker | None] = relationship(lazy="joined")

    def as_actor(self) -> Actor:
        appointments: tuple[Appointment, ...] = ()
        if self.broker_id is not None and self.broker is not None and self.broker.active:
            appointments = tuple(sorted(
                (a.insured_id, a.granted) for a in self.broker.appointments if a.insured.active))
        return Actor(user_id=self.id, email=self.email, role=self.role,
                     insured_id=self.insured_id, broker_id=self.broker_id,
                     appointments=appointments)


class ApiToken(TimestampMixin, Base):
    """A bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # "session" from sign-in, "personal" by hand
    name: Mapped[str] = mapped_column(default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
    last_used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class SignInThrottle(Base):
    """Failed sign-ins, to slow down password guessing: `email` holds the SHA-256 of what is
    counted (one email from one source address, or one address), see core.accounts.signin."""

    __tablename__ = "sign_in_throttle"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TwoFactorStatus(enum.StrEnum):
    OFF = "off"
    PENDING = "pending"
    ON = "on"


class TwoFactor(TimestampMixin, Base):
    """A user's TOTP second factor (RFC 6238): its shared secret, kept because every check
    needs it, and the last 30-second step accepted, so that a code is never taken twice."""

    __tablename__ = "two_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    status: Mapped[TwoFactorStatus] = mapped_column(Enum(
        TwoFactorStatus, native_enum=False, length=16,
        values_callable=lambda e: [m.value for m in e]))
    secret: Mapped[str] = mapped_column(String(64))
    last_step: Mapped[int | None]
    confirmed_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(lazy="joined")

    @property
    def insured_id(self) -> int | None:
        return self.user.insured_id


class RecoveryCode(Base):
    """A single-use code that stands in for a TOTP code; only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[dt.datetime | None]
