"""Reading a limit's effective-dated history: which version was in force on a day.

Versions are kept in the order they were decided. A version is in force from its
`effective_from` until a later decision takes effect; a decision taken while an earlier change
was still waiting for its date supersedes that change, which then never takes effect. Nothing
is kept up to date by a job: the amount on any day is read from the history alone. The same
rule is written in SQL in `ledger_sql` for the queries that sum many limits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

ENDING_CHANGES = {"withdrawn": "withdrawn", "cancelled": "cancelled", "lapsed": "lapsed",
                  "expired": "expired"}
"""The version changes after which a limit no longer covers, and the status they give it."""


class Version(Protocol):
    @property
    def amount(self) -> Decimal: ...

    @property
    def effective_from(self) -> dt.date: ...

    @property
    def decided_on(self) -> dt.date: ...

    @property
    def change(self) -> str: ...


def superseded(versions: Sequence[Version], position: int) -> bool:
    """Whether a later decision came while this version was still waiting for its date."""
    waiting = versions[position]
    return any(later.decided_on < waiting.effective_from for later in versions[position + 1:])


def in_force(versions: Sequence[Version], day: dt.date) -> Version | None:
    """The version that applied on `day`: the latest decided that had taken effect by then."""
    for position in range(len(versions) - 1, -1, -1):
        version = versions[position]
        if version.effective_from <= day and not superseded(versions, position):
            return version
    return None


def pending(versions: Sequence[Version], day: dt.date) -> Version | None:
    """The change decided but still waiting for its date after `day`, if any."""
    for position in range(len(versions) - 1, -1, -1):
        version = versions[position]
        if version.effective_from > day and not superseded(versions, position):
            return version
    return None


def amount_on(versions: Sequence[Version], day: dt.date, expires_on: dt.date | None) -> Decimal:
    version = in_force(versions, day)
    if version is None or (expires_on is not None and expires_on < day):
        return Decimal(0)
    return version.amount


def status_on(versions: Sequence[Version], day: dt.date, expires_on: dt.date | None) -> str | None:
    """The limit's status on `day` (None: it had not begun)."""
    version = in_force(versions, day)
    if version is None:
        return None
    ended = ENDING_CHANGES.get(version.change)
    if ended is None and expires_on is not None and expires_on < day:
        return "expired"
    return ended or "active"
