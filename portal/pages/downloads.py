"""Every table a person sees on a page downloads as CSV and Excel, one way for all pages.

A view names the tables it shows (`Listing`: the columns, headed in the page's language, and
the very rows the template draws) and answers through `page()`. Asked for one of them with
`?download=<table>&format=csv|xlsx`, the same URL answers that table as a file; otherwise it
renders the template. The rows come from the view's own query, so a download sees exactly
what the page sees, tenancy included. In a template, `{{ download_links('<table>') }}` (from
macros.html) puts the two links under the table.

To add downloads to a list page: build its rows once, wrap them in `Listing(TABLE, rows)`,
and return `page(template, Listing(...), **context)` instead of `render_template(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from core.clock import today
from reports.downloads import Sheet, table_csv, workbook

FORMATS = {
    "csv": "text/csv",  # Flask adds the charset to text types
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """A column: its heading (a lazy translation) and the plain value of a row in it;
    `staff` columns (the insured a row belongs to) only the insurer's staff see."""

    header: Any
    value: Callable[[Any], Any]
    staff: bool = False


@dataclass(frozen=True)
class Table:
    """The columns of a table people see; `name` names its file and its sheet."""

    name: str
    columns: Sequence[Column]

    def seen_by(self, staff: bool) -> Table:
        """The columns the page shows to staff, or to an insured's users."""
        return self if staff else Table(self.name, [c for c in self.columns if not c.staff])


@dataclass(frozen=True)
class Listing:
    table: Table
    rows: Sequence[Any]

    def sheet(self) -> Sheet:
        return Sheet(self.table.name, [str(c.header) for c in self.table.columns],
                     [[c.value(row) for c in self.table.columns] for row in self.rows])


def page(template: str, *listings: Listing, **context: Any) -> ResponseReturnValue:
    """The page, or one of its tables as a file when the request asks for it. A table the
    page does not show, or an unknown format, is not found."""
    wanted = request.args.get("download")
    if wanted is None:
        return render_template(template, **context)
    chosen = next((listing for listing in listings if listing.table.name == wanted), None)
    kind = request.args.get("format", "csv")
    if chosen is None or kind not in FORMATS:
        abort(404)
    return download(chosen, kind)


def download(listing: Listing, kind: str) -> Response:
    sheet = listing.sheet()
    if kind == "csv":  # with a byte-order mark, so that Excel reads Chinese names as UTF-8
        content = table_csv(sheet.header, sheet.rows).encode("utf-8-sig")
    else:
        content = workbook([sheet], title=sheet.name)
    name = f"{listing.table.name}-{today().isoformat()}.{kind}"
    return Response(content, mimetype=FORMATS[kind],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def download_url(table: str, kind: str) -> str:
    """This page's URL, with its filters, asking for `table` as `kind`."""
    args: dict[str, Any] = {k: v for k, v in request.args.to_dict(flat=False).items()
                            if k not in ("download", "format")}
    assert request.endpoint is not None
    return url_for(request.endpoint, **(request.view_args or {}), **args, download=table,
                   format=kind)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["download_url"] = download_url
