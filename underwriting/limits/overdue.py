"""Whether an insured has notified an overdue on a buyer. Overdue notifications live in the
claims package, a layer above; it registers its answer here, so this package never imports it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

OverdueCheck = Callable[[Session, int, int, dt.date], bool]
overdue_checks: list[OverdueCheck] = []
"""Each answers (session, insured_id, buyer_id, day): is an overdue open on that buyer?"""


def has_overdue(session: Session, insured_id: int, buyer_id: int, day: dt.date) -> bool:
    if not overdue_checks:  # unwired, every answer would be a silent "no overdue"
        raise LookupError("No overdue check is connected: wire the application.")
    return any(check(session, insured_id, buyer_id, day) for check in overdue_checks)
