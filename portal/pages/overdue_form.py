"""The overdue report form: many invoice lines in one form (`invoices.<n>.<field>`), or a CSV
file of them, turned into the API's notification body. A CSV's problems are told by line."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import request
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from claims.receivables import ledger
from core.actor import Actor
from core.money import format_money
from portal.database import db
from portal.pages.forms import AMOUNTS, page_id, typed_amount, whole_number

LINE_FIELDS = ("number", "invoice_date", "delivery_date", "due_date", "amount", "vat_amount")
REQUIRED_COLUMNS = LINE_FIELDS[:-1]
BLANK_LINES = 3
MOST_BYTES = 1_000_000


class BadFile(ValueError):
    """A file that is not a CSV of invoice lines: refused whole."""


def posted_lines() -> list[dict[str, str]]:
    """The lines as typed, in order, fully blank ones left out."""
    found: dict[int, dict[str, str]] = {}
    for key, value in request.form.items():
        parts = key.split(".")
        line = whole_number(parts[1]) if len(parts) == 3 and parts[0] == "invoices" else None
        if line is not None and parts[2] in LINE_FIELDS:
            found.setdefault(line, {})[parts[2]] = value.strip()
    return [line for _n, line in sorted(found.items()) if any(line.values())]


def ledger_lines(actor: Actor) -> list[dict[str, str]]:
    """On a GET from the receivables page (`from_ledger`), the overdue lines of the chosen
    policy's ledger on the chosen buyer, to report as they are or to change first."""
    policy_id, buyer_id = page_id("policy_id"), page_id("buyer_id")
    if request.method != "GET" or not request.args.get("from_ledger") or not (
            policy_id and buyer_id):
        return []
    return [{"number": line.invoice_number, "invoice_date": line.invoice_date.isoformat(),
             "delivery_date": line.delivery_date.isoformat(),
             "due_date": line.due_date.isoformat(),
             "amount": format_money(line.amount, line_currency),
             "vat_amount": format_money(line.vat_amount, line_currency) if line.vat_amount else ""}
            for line, line_currency in ledger.overdue_lines(
                db.session, policy_id, buyer_id, actor=actor)]


def shown_lines(lines: list[dict[str, str]], extra: int = 0) -> list[dict[str, str]]:
    """The lines to render: those typed, then blank ones to fill in."""
    blanks = max(BLANK_LINES - len(lines), 0) + extra
    return lines + [dict.fromkeys(LINE_FIELDS, "") for _ in range(blanks)]


def uploaded() -> FileStorage | None:
    upload = request.files.get("csv_file")
    return upload if upload is not None and upload.filename else None


def csv_lines(upload: FileStorage) -> list[dict[str, str]]:
    """The invoice lines of a CSV file with a header row (UTF-8, a BOM allowed)."""
    raw = upload.read(MOST_BYTES + 1)
    if len(raw) > MOST_BYTES:
        raise BadFile(_("The file is larger than 1 MB."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadFile(_("The file is not UTF-8 text.")) from error
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip() for name in reader.fieldnames or ()}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise BadFile(_("The file lacks the columns: %(names)s.", names=", ".join(missing)))
    try:
        rows = [{key.strip(): (value or "").strip() for key, value in row.items() if key}
                for row in reader]
    except csv.Error as error:
        raise BadFile(_("The file is not valid CSV.")) from error
    return [{name: row.get(name, "") for name in LINE_FIELDS} for row in rows]


def notification_body(lines: list[dict[str, str]]) -> dict[str, Any]:
    """The API's body: ids as numbers, amounts as the page's language writes them read as
    plain decimals, empty inputs absent."""
    body: dict[str, Any] = {}
    for name in ("policy_id", "buyer_id"):
        value = request.form.get(name, "").strip()
        if value:
            number = whole_number(value)
            body[name] = value if number is None else number
    notified_on = request.form.get("notified_on", "").strip()
    if notified_on:
        body["notified_on"] = notified_on
    body["invoices"] = [
        {name: typed_amount(value.strip()) if name in AMOUNTS else value
         for name, value in line.items() if value} for line in lines]
    return body


def by_line(errors: dict[str, Any]) -> list[tuple[int, str, list[str]]]:
    """Field errors of `invoices.<n>.<field>` as (CSV line number, field, problems); the header
    is line 1."""
    found = []
    for key, problems in errors.items():
        parts = key.split(".")
        line = whole_number(parts[1]) if len(parts) == 3 and parts[0] == "invoices" else None
        if line is not None:
            found.append((line + 2, parts[2], list(problems)))
    return sorted(found)
