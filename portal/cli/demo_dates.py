"""The demo's story is told over the months before the business date: each step is made on its
own day, and what it records carries that day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.clock import pinned as on

__all__ = ["on", "stamped"]  # `on(day)`: the story's steps are made with the business date pinned


def stamped(record: Any, day: dt.date) -> None:
    """Date a record made for a past day of the story as of that day (its timestamps would
    otherwise say it was made today, beside an effective date months ago)."""
    moment = dt.datetime.combine(day, dt.time(9, 30), tzinfo=dt.UTC)
    record.created_at = moment
    if getattr(record, "decided_at", None) is not None:
        record.decided_at = moment
    granted = getattr(record, "credit_limit", None)  # a request's limit began with it
    if granted is not None:
        granted.created_at = moment
