"""The portfolio report's tables as downloads: one CSV per table, or one Excel workbook with a
sheet per table. Amounts are exact: decimal text in CSV, decimal numbers in Excel."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from reports.portfolio import TABLES, Portfolio, summary, tables
from reports.portfolio_text import TEXT

GROUP_COLUMNS = ("key", "label", "limits", "buyers", "exposure", "share", "expected_loss")
BUYER_COLUMNS = ("rank", "buyer_id", "name", "country", "grade", "pd", "limits", "exposure",
                 "share", "expected_loss")
SUMMARY_COLUMNS = ("as_of", "scope", "insured_id", "currency", "limits", "buyers", "exposure",
                   "expected_loss", "loss_given_default", "top_10_share", "hhi")


def columns(table: str) -> tuple[str, ...]:
    if table == "summary":
        return SUMMARY_COLUMNS
    return BUYER_COLUMNS if table == "top_buyers" else GROUP_COLUMNS


def rows_of(portfolio: Portfolio, table: str) -> list[dict[str, Any]]:
    if table == "summary":
        return [summary(portfolio)]
    return tables(portfolio)[table]


def csv_text(portfolio: Portfolio, table: str) -> str:
    """One table as CSV (UTF-8, header row); amounts in the report's currency."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(table), extrasaction="ignore")
    writer.writeheader()
    for row in rows_of(portfolio, table):
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()


def xlsx_bytes(portfolio: Portfolio) -> bytes:
    """A workbook: the summary, then one sheet per table, each with a header row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "summary"
    for name in ("summary", *TABLES):
        if name != "summary":
            sheet = book.create_sheet(name)
        sheet.append(list(columns(name)))
        for row in rows_of(portfolio, name):
            sheet.append([_cell(row.get(column)) for column in columns(name)])
        sheet.freeze_panes = "A2"
    book.properties.title = TEXT["en"]["title"]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """A missing value (no grade, no PD) is an empty cell."""
    return "" if value is None else value
