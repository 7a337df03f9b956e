"""The write side of an import, through the driver's own bulk paths: executemany on SQLite,
COPY on PostgreSQL. New buyers are inserted straight into their table, known ones updated by
id, statements upserted on (buyer, fiscal year), and SQLite's search table kept in step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import text
from sqlalchemy.orm import Session

from buyers_db.models import STATEMENT_FIELDS
from buyers_db.search import FTS_TABLE
from core.clock import utcnow
from core.db import take_write_lock

IDENTITY = ("name", "search_name", "sector", "city", "founded_year", "employees")
NEW_BUYER = ("country", "registration_number", "registration_key", *IDENTITY, "created_at",
             "updated_at")
STATEMENT = ("buyer_id", "fiscal_year", "period_end", "currency", *STATEMENT_FIELDS, "created_at")
_UPSERT = ", ".join(f"{name} = excluded.{name}" for name in ("currency", *STATEMENT_FIELDS))
_LOOKUP = 20_000
ANALYSED = ("buyers", "buyer_words", "buyer_word_counts", "financial_statements")
GROWTH_ANALYSED = 0.1
"""When the buyers written since PostgreSQL last gathered the buyer tables' statistics, this
import's included, reach this share of the buyers its planner knows of (and at least
MIN_ANALYSED), the import gathers them before it commits: autovacuum's rule, kept by the
import itself, since autovacuum comes a minute or more later, or not at all where it is off.
A planner that reads a table of a million new buyers as empty took 61 ms rather than 6 for a
search for words common to most names."""
MIN_ANALYSED = 10_000


@dataclass(frozen=True)
class PlannerView:
    """What PostgreSQL's planner knows of the buyer table: its rows when last analysed (0
    before), and the rows written since, committed."""

    rows: int
    written_since: int


def merge_chunk(session: Session, good: dict[str, pa.Array]) -> tuple[int, int, int]:
    """Store one checked chunk; (buyers created, buyers updated, statements written)."""
    if len(good["name"]) == 0:
        return 0, 0, 0
    take_write_lock(session)
    raw: Any = session.connection().connection.driver_connection
    sqlite = session.get_bind().dialect.name == "sqlite"
    columns = _plain(good)
    # Upserted on the registration number's normalised key: another spelling is the same buyer.
    keys = list(zip(columns["country"], columns["registration_key"], strict=True))
    known = _ids(raw, sqlite, keys)
    is_new = np.array([key not in known for key in keys])
    now = utcnow()
    stamp: Any = now.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else now
    fresh = np.flatnonzero(is_new)
    new_ids = _reserve_ids(raw, sqlite, len(fresh))
    picked = [_pick(columns[c], fresh, len(keys)) for c in NEW_BUYER[:-2]]
    _insert(raw, sqlite, "buyers", ("id", *NEW_BUYER),
            list(zip(new_ids, *picked, repeat(stamp), repeat(stamp))))
    ids = known | dict(zip(_pick(keys, fresh, len(keys)), new_ids, strict=True))
    kept = np.flatnonzero(~is_new)
    updated = list(zip(*(_pick(columns[c], kept, len(keys)) for c in IDENTITY), repeat(stamp),
                       [known[keys[i]] for i in kept]))
    _update(raw, sqlite, updated)
    statements = _statements(raw, sqlite, columns, keys, ids, is_new, stamp)
    if sqlite:
        _reindex(raw, new_ids, updated)
    return len(fresh), len(updated), statements


def planner_view(session: Session) -> PlannerView | None:
    """The planner's view of the buyer table, or None on SQLite, whose planner is left alone."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    rows, written = session.execute(text(
        "SELECT c.reltuples, COALESCE(s.n_mod_since_analyze, 0) FROM pg_class c "
        "LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid "
        "WHERE c.oid = CAST('buyers' AS regclass)")).one()
    return PlannerView(max(int(rows), 0), int(written))


def analyse_if_grown(session: Session, view: PlannerView | None, written: int) -> bool:
    """Gather the statistics of the buyer tables when the buyers written since they were last
    gathered, `written` by this import included, are many beside those the planner knows of
    (`view`: `planner_view`, which counts only committed rows, so the import's own are
    `written`); whether it did. In the import's transaction: the statistics count its rows,
    and go if it rolls back."""
    if view is None:
        return False
    if view.written_since + written < max(MIN_ANALYSED, GROWTH_ANALYSED * view.rows):
        return False
    session.execute(text(f"ANALYZE {', '.join(ANALYSED)}"))
    return True


def _pick(values: list[Any], where: np.ndarray, total: int) -> list[Any]:
    return values if len(where) == total else [values[i] for i in where]


def _plain(good: dict[str, pa.Array]) -> dict[str, list[Any]]:
    """Python values per column: empty text as None, counts and years as integers."""
    plain: dict[str, list[Any]] = {}
    for name, column in good.items():
        nulled = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
        if name in ("founded_year", "employees", "fiscal_year"):
            nulled = pc.cast(nulled, pa.int64())
        plain[name] = nulled.to_pylist()
    return plain


def _reserve_ids(raw: Any, sqlite: bool, count: int) -> list[int]:
    """Ids for `count` new buyers, taken before they are inserted so no lookup is needed after.

    PostgreSQL hands them out from the table's sequence; on SQLite the import holds the write
    lock for its whole transaction, so the ids after the largest one are free.
    """
    if count == 0:
        return []
    if sqlite:
        largest = raw.execute("SELECT coalesce(max(id), 0) FROM buyers").fetchone()[0]
        return list(range(largest + 1, largest + 1 + count))
    with raw.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('buyers', 'id')) "
                       "FROM generate_series(1, %s)", (count,))
        return [row[0] for row in cursor.fetchall()]


def _ids(raw: Any, sqlite: bool, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """The ids of the buyers with these (country, registration key) keys, where they exist."""
    found: dict[tuple[str, str], int] = {}
    wanted = set(keys)
    numbers = sorted({number for _, number in keys})
    for start in range(0, len(numbers), _LOOKUP):
        part = numbers[start:start + _LOOKUP]
        if sqlite:
            marks = ",".join("?" * len(part))
            rows = raw.execute(
                "SELECT id, country, registration_key FROM buyers "  # noqa: S608
                f"WHERE registration_key IN ({marks})", part).fetchall()
        else:
            with raw.cursor() as cursor:
                cursor.execute("SELECT id, country, registration_key FROM buyers "
                               "WHERE registration_key = ANY(%s)", (part,))
                rows = cursor.fetchall()
        found |= {(c, n): i for i, c, n in rows if (c, n) in wanted}
    return found


def _insert(raw: Any, sqlite: bool, table: str, columns: Sequence[str], rows: list[Any]) -> None:
    if not rows:
        return
    names = ", ".join(columns)
    if sqlite:
        marks = ", ".join("?" for _ in columns)
        raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
        return
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _update(raw: Any, sqlite: bool, rows: list[Any]) -> None:
    if not rows:
        return
    mark = "?" if sqlite else "%s"
    sets = ", ".join(f"{name} = {mark}" for name in (*IDENTITY, "updated_at"))
    statement = f"UPDATE buyers SET {sets} WHERE id = {mark}"  # noqa: S608
    if sqlite:
        raw.executemany(statement, rows)
    else:
        with raw.cursor() as cursor:
            cursor.executemany(statement, rows)


def _statements(
    raw: Any, sqlite: bool, columns: dict[str, list[Any]], keys: list[tuple[str, str]],
    ids: dict[tuple[str, str], int], is_new: np.ndarray, stamp: Any,
) -> int:
    """Upsert the statements of rows with a fiscal year; a new buyer's cannot conflict."""
    years = columns["fiscal_year"]
    with_year = np.array([year is not None for year in years], dtype=bool)
    new_rows, known_rows = ([
        *zip([ids[keys[i]] for i in rows], [years[i] for i in rows],
             [f"{years[i]}-12-31" if sqlite else dt.date(years[i], 12, 31) for i in rows],
             *(_pick(columns[name], rows, -1) for name in ("currency", *STATEMENT_FIELDS)),
             repeat(stamp))
    ] for rows in (np.flatnonzero(with_year & is_new), np.flatnonzero(with_year & ~is_new)))
    _insert(raw, sqlite, "financial_statements", STATEMENT, new_rows)
    if known_rows:
        mark = "?" if sqlite else "%s"
        statement = (
            f"INSERT INTO financial_statements ({', '.join(STATEMENT)}) "  # noqa: S608
            f"VALUES ({', '.join(mark for _ in STATEMENT)}) "
            f"ON CONFLICT (buyer_id, fiscal_year) DO UPDATE SET {_UPSERT}"
        )
        if sqlite:
            raw.executemany(statement, known_rows)
        else:
            with raw.cursor() as cursor:
                cursor.executemany(statement, known_rows)
    return len(new_rows) + len(known_rows)


def _reindex(raw: Any, new_ids: list[int], updated: list[Any]) -> None:
    """SQLite's search table: the new buyers' names copied from their rows (their ids are one
    range), the updated buyers' old names replaced."""
    if new_ids:
        raw.execute(f"INSERT INTO {FTS_TABLE} (rowid, search_name) "  # noqa: S608
                    "SELECT id, search_name FROM buyers WHERE id BETWEEN ? AND ?",
                    (new_ids[0], new_ids[-1]))
    raw.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = ?",  # noqa: S608
                    [(row[-1],) for row in updated])
    raw.executemany(f"INSERT INTO {FTS_TABLE} (rowid, search_name) VALUES (?, ?)",  # noqa: S608
                    [(row[-1], row[1]) for row in updated])
