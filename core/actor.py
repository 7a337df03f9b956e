"""Who is acting: a signed-in user, a job, or the command line. Services take it explicitly."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from core.errors import Forbidden


class Role(enum.StrEnum):
    INSURED_USER = "insured_user"
    INSURED_ADMIN = "insured_admin"
    UNDERWRITER = "underwriter"
    CLAIMS_HANDLER = "claims_handler"
    INSURER_ADMIN = "insurer_admin"

    @property
    def is_staff(self) -> bool:
        return self in STAFF_ROLES


STAFF_ROLES = frozenset({Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.INSURER_ADMIN})
INSURED_ROLES = frozenset({Role.INSURED_USER, Role.INSURED_ADMIN})


@dataclass(frozen=True)
class Actor:
    """The acting person or process. `insured_id` is set exactly for insured roles."""

    user_id: int | None
    email: str
    role: Role | None
    insured_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.role is not None and self.role.is_staff

    @property
    def is_system(self) -> bool:
        return self.user_id is None

    def require(self, *roles: Role) -> None:
        """Refuse unless the actor holds one of `roles` (the system actor may do anything)."""
        if self.is_system or self.role in roles:
            return
        raise Forbidden("Your role may not do this.")


SYSTEM = Actor(user_id=None, email="system", role=None)
"""Jobs and command-line tasks act as the system."""
