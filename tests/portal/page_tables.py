"""Read what a person sees in a page's tables, and a download's rows, to compare the two."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from typing import Any

from openpyxl import load_workbook
from werkzeug.test import TestResponse


class _Tables(HTMLParser):
    """Each <table>'s body rows as lists of cell texts (whitespace collapsed)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> list[list[list[str]]]:
    """Every table of the page: its body rows, each a list of cell texts."""
    parser = _Tables()
    parser.feed(page)
    return parser.tables


def csv_rows(answer: TestResponse) -> tuple[list[str], list[list[str]]]:
    """A CSV download's header and rows (it starts with a byte-order mark, for Excel)."""
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    header, *rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    return header, rows


def xlsx_rows(answer: TestResponse) -> tuple[list[Any], list[list[Any]]]:
    assert answer.status_code == 200 and answer.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(answer.data)).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return header, rows


def amount(text: str) -> str:
    """'175,000.00 EUR' as a download writes it: '175000.00'."""
    return text.split(" ")[0].replace(",", "")
