"""Rows of an uploaded spreadsheet, CSV or XLSX, told apart by content (core.content): the
first row names the columns (any order, any case, others ignored), each later row is a dict of
those columns' text with its line in the file. Blank rows are skipped but keep their line.

A file that is neither, is empty, lacks a column, repeats one, or holds more rows than allowed
is refused whole (`RuleViolation`, the field `file`), before anything is done with its rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.content import CSV, XLSX, kind_of
from core.errors import RuleViolation

DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def read_rows(content: bytes | None, columns: Sequence[str], *, max_rows: int) -> list[Row]:
    """The rows of `content` holding each of `columns`; at most `max_rows` of them."""
    if not content:
        raise _refused("The file is empty.", "Missing or empty.")
    kind = kind_of(content)
    if kind is CSV:
        lines = _csv_lines(content)
    elif kind is XLSX:
        lines = _xlsx_lines(content)
    else:
        raise _refused("The file is not a CSV or XLSX file.", "Not a CSV or XLSX file.")
    try:
        return _rows(lines, columns, max_rows)
    except (csv.Error, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError,
            TypeError, OSError):  # a workbook or CSV broken inside
        raise _refused("The file cannot be read.", "Not a readable CSV or XLSX file.") from None


def read_header(content: bytes | None) -> list[str]:
    """The names in the first row of `content` as written (blank ones left out), for a person
    to say which of them holds each column when they are not named as expected."""
    if not content:
        raise _refused("The file is empty.", "Missing or empty.")
    kind = kind_of(content)
    if kind not in (CSV, XLSX):
        raise _refused("The file is not a CSV or XLSX file.", "Not a CSV or XLSX file.")
    try:
        first = next(_csv_lines(content) if kind is CSV else _xlsx_lines(content), None)
    except (csv.Error, InvalidFileException, zipfile.BadZipFile, KeyError, ValueError,
            TypeError, OSError):
        raise _refused("The file cannot be read.", "Not a readable CSV or XLSX file.") from None
    return [name.strip() for name in (first[1] if first else []) if name.strip()]


def _rows(lines: Iterator[tuple[int, list[str]]], columns: Sequence[str],
          max_rows: int) -> list[Row]:
    header = next(lines, None)
    if header is None or not any(header[1]):
        raise _refused("The file is empty.", "No header row.")
    names = [name.strip().lower() for name in header[1]]
    missing = [column for column in columns if column not in names]
    if missing:
        raise _refused("The file lacks required columns.", f"Missing: {', '.join(missing)}.")
    if len({n for n in names if n}) != len([n for n in names if n]):
        raise _refused("Columns are repeated.", "Duplicate columns.")
    wanted = {names.index(column): column for column in columns}
    rows: list[Row] = []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) == max_rows:
            raise _refused(f"The file holds more than {max_rows:,} rows.",
                           f"At most {max_rows:,} rows.")
        rows.append(Row(line, {column: cells[i].strip() if i < len(cells) else ""
                               for i, column in wanted.items()}))
    if not rows:
        raise _refused("The file has no rows below its header.", "No rows.")
    return rows


def _csv_lines(content: bytes) -> Iterator[tuple[int, list[str]]]:
    """Records with the line each starts on (a quoted field may span lines)."""
    text = content.decode("utf-8-sig")  # kind_of checked the start; the rest may still fail
    first = next(iter(text.splitlines()), "")
    delimiter = max(DELIMITERS, key=lambda d: len(next(csv.reader([first], delimiter=d))))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _xlsx_lines(content: bytes) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows, each cell as text (whole numbers without a decimal point)."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_text(value) for value in values]
    finally:
        book.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _refused(message: str, detail: str) -> RuleViolation:
    return RuleViolation(message, fields={"file": [detail]})
