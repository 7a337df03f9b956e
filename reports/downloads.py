"""Tables as downloads: CSV (one table) or an Excel workbook (a sheet per table). The portfolio
report and every table of the portal's pages go through the same two writers. Amounts are
exact: decimal text in CSV, decimal numbers in Excel; a missing value is an empty cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from reports.portfolio import ALL_TABLES, Portfolio, claims_tables, summary, tables
from reports.portfolio_text import TEXT

GROUP_COLUMNS = ("key", "label", "limits", "buyers", "exposure", "share", "expected_loss")
BUYER_COLUMNS = ("rank", "buyer_id", "name", "country", "grade", "pd", "limits", "exposure",
                 "share", "expected_loss")
SUMMARY_COLUMNS = ("as_of", "scope", "insured_id", "currency", "limits", "buyers", "exposure",
                   "expected_loss", "loss_given_default", "top_10_share", "hhi")
CLAIM_COLUMNS = {
    "claims_by_status": ("status", "label", "currency", "claims", "indemnity", "paid"),
    "loss_ratios": ("policy_id", "policy", "insured", "year_start", "year_end", "currency",
                    "claims", "paid_claims", "claims_paid", "recovered", "premium",
                    "loss_ratio"),
    "aged_balances": ("currency", "days_0_30", "days_31_60", "days_61_90", "days_over_90",
                      "total", "dso"),
}
SHEET_NAME_MOST = 31  # Excel refuses longer sheet names
# Text a spreadsheet would run as a formula (OWASP's CSV injection): a buyer's name is typed by
# an insured and opened by the insurer's staff.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XML worksheet cannot hold (openpyxl raises on them). New text refuses them
# at the door (core.fields.Text); rows stored before that are shown with a visible mark instead.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
MARK = "\ufffd"


@dataclass(frozen=True)
class Sheet:
    """One table: its name (the sheet's), the header row, and the rows of plain values."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def table_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """One table as CSV text (header row first)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return out.getvalue()


def workbook(sheets: Sequence[Sheet], *, title: str = "") -> bytes:
    """An Excel workbook with a sheet per table, each with a frozen header row."""
    book = Workbook()
    default = book.active
    assert default is not None
    book.remove(default)
    for sheet in sheets:
        page = book.create_sheet(sheet.name[:SHEET_NAME_MOST])
        page.append(list(sheet.header))
        for row in sheet.rows:
            page.append([_cell(value) for value in row])
            for cell in page[page.max_row]:
                if cell.data_type == "f":  # text that looked like a formula stays text
                    cell.data_type = "s"
        page.freeze_panes = "A2"
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        value = UNWRITABLE.sub(MARK, value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # shown as typed, never run
    return value.isoformat() if isinstance(value, dt.date) else value


def _cell(value: Any) -> Any:
    """Excel has no time zones: an aware timestamp is written as its UTC wall time."""
    if value is None:
        return ""
    if isinstance(value, str):
        return UNWRITABLE.sub(MARK, value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def columns(table: str) -> tuple[str, ...]:
    if table == "summary":
        return SUMMARY_COLUMNS
    if table in CLAIM_COLUMNS:
        return CLAIM_COLUMNS[table]
    return BUYER_COLUMNS if table == "top_buyers" else GROUP_COLUMNS


def rows_of(portfolio: Portfolio, table: str) -> Sequence[Mapping[str, object]]:
    """The rows of one table, by its name (`summary` is one row)."""
    if table == "summary":
        return [summary(portfolio)]
    named: dict[str, Sequence[Mapping[str, object]]]
    if table in CLAIM_COLUMNS:
        claims = claims_tables(portfolio)
        named = {"claims_by_status": claims["claims_by_status"],
                 "loss_ratios": claims["loss_ratios"], "aged_balances": claims["aged_balances"]}
    else:
        exposure = tables(portfolio)
        named = {"by_grade": exposure["by_grade"], "by_country": exposure["by_country"],
                 "by_sector": exposure["by_sector"], "top_buyers": exposure["top_buyers"]}
    return named[table]


def _sheet(portfolio: Portfolio, table: str) -> Sheet:
    names = columns(table)
    return Sheet(table, names, [[row.get(n) for n in names] for row in rows_of(portfolio, table)])


def csv_text(portfolio: Portfolio, table: str) -> str:
    """One table of the portfolio report as CSV; amounts in the report's currency."""
    sheet = _sheet(portfolio, table)
    return table_csv(sheet.header, sheet.rows)


def xlsx_bytes(portfolio: Portfolio) -> bytes:
    """The portfolio report as a workbook: the summary, then one sheet per table."""
    return workbook([_sheet(portfolio, name) for name in ("summary", *ALL_TABLES)],
                    title=TEXT["en"]["title"])
