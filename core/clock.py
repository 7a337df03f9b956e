"""The business clock: one place that says what "today" is.

`TCI_TODAY=YYYY-MM-DD` pins the business date for the whole process (demonstrations,
simulations, replayed years). Security clocks (token expiry, sign-in throttling) use the real
time through `utcnow()`, never the business date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator


def today() -> dt.date:
    pinned = os.environ.get("TCI_TODAY", "").strip()
    if pinned:
        return dt.date.fromisoformat(pinned)
    return dt.datetime.now(dt.UTC).date()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@contextlib.contextmanager
def pinned(day: dt.date | str) -> Iterator[None]:
    """The business date is `day` inside the block, and what it was after: for a process of its
    own that replays past days (the demo's story, tests). The date is the process's, so a web
    worker serving other requests never pins it."""
    before = os.environ.get("TCI_TODAY")
    os.environ["TCI_TODAY"] = day if isinstance(day, str) else day.isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TCI_TODAY", None)
        else:
            os.environ["TCI_TODAY"] = before
