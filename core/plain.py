"""Values as JSON columns keep them: amounts as exact strings, dates as ISO text, enums as
their values; the same for the audit trail and the outbox."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

Plain: TypeAlias = (str | int | float | bool | Decimal | dt.date | enum.Enum
                    | Sequence["Plain"] | Mapping[str, "Plain"] | None)
"""A value a document may hold before `plain` writes it as JSON (a datetime is a date)."""
Document: TypeAlias = Mapping[str, Plain]
"""What the audit trail, the outbox and an error's fields keep: names to plain values."""
Json: TypeAlias = str | int | float | bool | list["Json"] | dict[str, "Json"] | None
"""A value as JSON holds it: what `plain` makes of a `Plain` one."""
JsonObject: TypeAlias = dict[str, Json]
"""A JSON document made for an answer, a letter or a stored figure."""


_AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    if type(value) in _AS_THEY_ARE:  # most values, and the cheapest test (every audit row)
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value
