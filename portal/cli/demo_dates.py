"""The demo's story is told over the months before the business date: each step is made on its
own day, and what it records carries that day."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def on(day: dt.date) -> Iterator[None]:
    """The business date is `day` while a past step of the story is made (the seed command runs
    in a process of its own, so pinning the date for it touches nothing else)."""
    before = os.environ.get("TCI_TODAY")
    os.environ["TCI_TODAY"] = day.isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TCI_TODAY", None)
        else:
            os.environ["TCI_TODAY"] = before


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
