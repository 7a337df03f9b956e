"""Who is acting: a signed-in user, a job, or the command line. Services take it explicitly."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from core.errors import Forbidden, NotFound


class Role(enum.StrEnum):
    INSURED_USER = "insured_user"
    INSURED_ADMIN = "insured_admin"
    UNDERWRITER = "underwriter"
    CLAIMS_HANDLER = "claims_handler"
    INSURER_ADMIN = "insurer_admin"
    BROKER_ADMIN = "broker_admin"
    BROKER_USER = "broker_user"

    @property
    def is_staff(self) -> bool:
        return self in STAFF_ROLES


STAFF_ROLES = frozenset({Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.INSURER_ADMIN})
INSURED_ROLES = frozenset({Role.INSURED_USER, Role.INSURED_ADMIN})
BROKER_ROLES = frozenset({Role.BROKER_ADMIN, Role.BROKER_USER})


class Permission(enum.StrEnum):
    """What an insured lets a broker it appoints do for it."""

    READ = "read"
    REQUEST_LIMITS = "request_limits"
    REPORT_OVERDUES = "report_overdues"
    FILE_CLAIMS = "file_claims"
    DECLARE = "declare"


@dataclass(frozen=True)
class Action:
    """Who may do one thing, declared once beside the service that does it: the roles, and
    the permission a broker needs to do it for a client (None: brokers may not)."""

    name: str
    roles: frozenset[Role]
    broker: Permission | None = None

    @classmethod
    def of(cls, name: str, *roles: Role, broker: Permission | None = None) -> Action:
        return cls(name, frozenset(roles), broker)

    def admits(self, actor: Actor) -> bool:
        if actor.is_system or actor.role in self.roles:
            return True
        if self.broker is Permission.READ and actor.is_broker:
            return actor.reads()
        return self.broker is not None and self.broker in actor.permissions


Appointment = tuple[int, frozenset[Permission]]


@dataclass(frozen=True)
class Actor:
    """The acting person or process. `insured_id` is set for insured roles, and for a broker
    acting for one client (then `permissions` are those the client gave the broker);
    `appointments` are a broker's clients with their permissions."""

    user_id: int | None
    email: str
    role: Role | None
    insured_id: int | None = None
    broker_id: int | None = None
    appointments: tuple[Appointment, ...] = ()
    permissions: frozenset[Permission] = frozenset()

    @property
    def is_broker(self) -> bool:
        return self.role in BROKER_ROLES

    @property
    def on_behalf_of(self) -> int | None:
        """The insured a broker is acting for, if it is acting for one."""
        return self.insured_id if self.is_broker else None

    @property
    def clients(self) -> frozenset[int]:
        """The insureds a broker may see: those whose appointment lets it read."""
        return frozenset(i for i, perms in self.appointments if Permission.READ in perms)

    def sees(self, insured_id: int | None) -> bool:
        """Whether an object of `insured_id` (None: the insurer's own) is within reach."""
        if self.is_staff or self.is_system:
            return True
        if self.is_broker and self.insured_id is None:
            return insured_id in self.clients
        return insured_id is not None and insured_id == self.insured_id

    def for_client(self, insured_id: int) -> Actor:
        """The broker acting for one client: its scope narrows to it, with its permissions.
        A client it does not serve is not found."""
        if not self.is_broker:
            return self
        permissions = dict(self.appointments).get(insured_id)
        if permissions is None or Permission.READ not in permissions:
            raise NotFound("Insured not found.")
        return replace(self, insured_id=insured_id, permissions=permissions)

    @property
    def is_staff(self) -> bool:
        return self.role is not None and self.role.is_staff

    @property
    def is_system(self) -> bool:
        return self.user_id is None

    def require(self, *allowed: Role | Action) -> None:
        """Refuse unless the actor holds one of the roles or may do one of the actions (the
        system actor may do anything). A broker's user passes only actions that name the
        permission a client gives it: never a list of roles."""
        if self.is_system or self.role in allowed:
            return
        if any(isinstance(a, Action) and a.admits(self) for a in allowed):
            return
        if self.is_broker and any(isinstance(a, Action) and a.broker for a in allowed):
            raise Forbidden("Your appointment does not allow this for this insured.")
        raise Forbidden("Your role may not do this.")

    def reads(self) -> bool:
        """Whether a broker may read for its client (or, acting for none, for any)."""
        if self.insured_id is None:
            return bool(self.clients)
        return Permission.READ in self.permissions


SYSTEM = Actor(user_id=None, email="system", role=None)
"""Jobs and command-line tasks act as the system."""
