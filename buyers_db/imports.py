"""Bulk import of buyers from CSV (docs/api.md): streamed in blocks by Arrow's CSV reader, checked
column by column, written with the driver's bulk path. Bad rows are reported by line and reason;
good rows are kept. A file that is not CSV or lacks a column is refused whole. Nothing is
committed here: the caller commits once, so a crash part-way leaves the database as it was.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy.orm import Session

from buyers_db.import_checks import COLUMNS, check_chunk
from buyers_db.import_sql import analyse_if_grown, merge_chunk, planner_view
from core import audit
from core.actor import STAFF_ROLES, Action, Actor
from core.errors import RuleViolation

BLOCK_BYTES = 4 << 20
MAX_REPORTED_ERRORS = 1000
_SNIFF = 64 * 1024

IMPORT = Action.of("import buyers from a file", *STAFF_ROLES)


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: int = 0
    statements: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0

    def reject(self, errors: list[tuple[int, str]]) -> None:
        self.rejected += len(errors)
        room = max(MAX_REPORTED_ERRORS - len(self.errors), 0)
        self.errors += [RowError(line, reason) for line, reason in errors[:room]]


def import_buyers(
    session: Session,
    source: IO[bytes],
    *,
    actor: Actor,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Upsert the buyers of a CSV file on (country, registration_number)."""
    actor.require(IMPORT)
    started = time.perf_counter()
    report = ImportReport()
    for table, lines, bad_rows in _blocks(source):
        report.reject(bad_rows)
        good, errors = check_chunk(table, lines)
        report.reject(errors)
        created, updated, statements = merge_chunk(session, good)
        report.created += created
        report.updated += updated
        report.statements += statements
        if on_progress:
            on_progress(table.num_rows + len(bad_rows))
    report.errors.sort(key=lambda error: error.line)
    analyse_if_grown(session, planner_view(session), report.created + report.updated)
    report.seconds = round(time.perf_counter() - started, 3)
    audit.record(session, actor, "buyers.import", "BuyerImport", insured_id=None, after={
        "created": report.created, "updated": report.updated, "rejected": report.rejected})
    return report


def _blocks(source: IO[bytes]) -> Iterator[tuple[pa.Table, np.ndarray, list[tuple[int, str]]]]:
    """Blocks of rows as Arrow tables, with each row's line in the file, and the malformed
    rows met in the block as (line, reason)."""
    head = source.read(_SNIFF)
    names = _header(head)
    malformed: list[int] = []

    def on_invalid(row: Any) -> str:
        if row.text.strip():
            malformed.append(int(row.number))
        return "skip"

    reader = _open(head, source, names, on_invalid)
    valid_rows = 0
    try:
        for batch in reader:
            table = pa.Table.from_batches([batch])
            lines = _lines(valid_rows, table.num_rows, malformed)
            valid_rows += table.num_rows
            blank = _blank(table)
            bad = [(line, "wrong number of fields") for line in malformed if line <= lines.max()]
            malformed[:] = [line for line in malformed if line > lines.max()]
            yield table.filter(pa.array(~blank)), lines[~blank], bad
    except pa.ArrowInvalid as error:
        raise _unreadable(str(error)) from None
    if malformed:
        yield pa.table({n: pa.array([], pa.string()) for n in COLUMNS}), np.array([], int), [
            (line, "wrong number of fields") for line in malformed]


def _header(head: bytes) -> list[str]:
    if b"\x00" in head:
        raise RuleViolation("This file is not a CSV file.", fields={"file": ["Binary content."]})
    text = head.decode("utf-8-sig", errors="replace")
    first = next(csv.reader(io.StringIO(text)), None)
    if not first:
        raise RuleViolation("The file is empty.", fields={"file": ["No header row."]})
    names = [name.strip().lower() for name in first]
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        raise RuleViolation("The file lacks required columns.",
                            fields={"file": [f"Missing: {', '.join(missing)}."]})
    if len(set(names)) != len(names):
        raise RuleViolation("Columns are repeated.", fields={"file": ["Duplicate columns."]})
    return names


def _open(head: bytes, rest: IO[bytes], names: list[str], on_invalid: Any) -> Any:
    stream = _Joined(head.removeprefix(b"\xef\xbb\xbf"), rest)
    try:
        return pa_csv.open_csv(
            stream,
            read_options=pa_csv.ReadOptions(
                use_threads=False, block_size=BLOCK_BYTES, skip_rows=1, column_names=names),
            parse_options=pa_csv.ParseOptions(
                invalid_row_handler=on_invalid, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                include_columns=list(COLUMNS), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as error:
        raise _unreadable(str(error)) from None


def _unreadable(detail: str) -> RuleViolation:
    if "UTF8" in detail or "utf8" in detail.lower():
        return RuleViolation("The file must be UTF-8 text.", fields={"file": ["Not UTF-8."]})
    return RuleViolation("The file is not valid CSV.", fields={"file": [detail[:200]]})


def _lines(before: int, count: int, malformed: list[int]) -> np.ndarray:
    """File lines of valid rows `before` .. `before + count`: row k sits on line k + 2, pushed
    down by every malformed line above it (the reader reports those as it meets them)."""
    ks = np.arange(before, before + count)
    bad = np.array(sorted(malformed), dtype=np.int64)
    thresholds = bad - 2 - np.arange(len(bad))
    return ks + 2 + np.searchsorted(thresholds, ks, side="right")


def _blank(table: pa.Table) -> np.ndarray:
    """Rows of an empty line (every field empty): skipped, but they keep their line."""
    blank = np.ones(table.num_rows, dtype=bool)
    for name in ("country", "registration_number", "name"):
        blank &= (table[name].to_numpy(zero_copy_only=False) == "")
    return blank


class _Joined(io.RawIOBase):
    """The sniffed head, then the rest of the upload, as one readable stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            data, self._head = self._head[:len(buffer)], self._head[len(buffer):]
        else:
            data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)
