"""The business clock: one place that says what "today" is.

`TCI_TODAY=YYYY-MM-DD` pins the business date for the whole process (demonstrations,
simulations, replayed years). Security clocks (token expiry, sign-in throttling) use the real
time through `utcnow()`, never the business date.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    pinned = os.environ.get("TCI_TODAY", "").strip()
    if pinned:
        return dt.date.fromisoformat(pinned)
    return dt.datetime.now(dt.UTC).date()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
