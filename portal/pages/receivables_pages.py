"""The insured's receivables page: upload the ledger (with a step to say which column is which
when the file's header names them otherwise) and read it aged per buyer, with the uncovered
part and the warnings. A buyer with overdue lines opens the overdue report prefilled."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import Schema

from claims.receivables import ledger, upload
from claims.receivables.frames import BUCKETS
from claims.receivables.upload import COLUMNS, UploadReport
from core.errors import RuleViolation
from core.spreadsheets import read_header
from portal.auth import sign_in_required
from portal.database import db
from portal.pages.forms import acting, submit
from underwriting.policies.services import get_policy

bp = Blueprint("receivables_pages", __name__)
MOST_BUYERS = 200
"""Buyers shown on the page, the largest uncovered first; the API answers every one."""

WARNINGS = {
    "mep_expiry": _l("Maximum extension period ends"),
    "notification_deadline": _l("Notify the overdue by"),
    "terms_over_mct": _l("Terms over the maximum credit period"),
    "after_stop": _l("Delivered after cover stopped"),
}
BUCKET_LABELS = {"not_due": _l("Not due"), "1-30": _l("1-30 days"), "31-60": _l("31-60 days"),
                 "61-90": _l("61-90 days"), "over_90": _l("Over 90 days")}


@dataclass(frozen=True)
class MappingStep:
    """A file whose header does not name every column: its names, to choose from, and the
    file itself, carried in the form (nothing is kept on the server)."""

    headers: list[str]
    content: str
    guesses: dict[str, str]


@bp.route("/policies/<int:policy_id>/receivables", methods=["GET", "POST"])
@sign_in_required
def receivables(policy_id: int) -> ResponseReturnValue:
    actor = acting(upload.UPLOAD if request.method == "POST" else ledger.READ)
    policy = get_policy(db.session, policy_id, actor=actor)
    errors: dict[str, Any] = {}
    reports: list[UploadReport] = []
    step: MappingStep | None = None
    if request.method == "POST":
        content, mapping, errors = _posted()
        if not errors and mapping is None:
            step, errors = _mapping_step(content)
        if not errors and step is None:
            errors = submit(Schema(), lambda _form: reports.append(upload.replace_receivables(
                db.session, actor=actor, policy_id=policy.id, content=content, mapping=mapping)),
                _("Ledger uploaded: it replaces the previous one."), body={})
        if errors and mapping is not None and content:  # choose again, from the same file
            step = MappingStep(read_header(content), base64.b64encode(content).decode("ascii"),
                               mapping)
    view = ledger.receivables(db.session, policy.id, actor=actor)
    page = render_template(
        "pages/receivables.html", policy=policy, ledger=view,
        buyers=view.buyers[:MOST_BUYERS], most=MOST_BUYERS, report=reports[0] if reports else None,
        errors=errors, step=step, columns=COLUMNS, buckets=BUCKETS, bucket_labels=BUCKET_LABELS,
        warning_labels=WARNINGS)
    return page, 422 if errors else 200


def _posted() -> tuple[bytes | None, dict[str, str] | None, dict[str, Any]]:
    """The file (uploaded, or carried back by the mapping step) and the mapping, if any."""
    carried = request.form.get("content")
    if carried is None:
        file = request.files.get("file")
        return (file.read() if file is not None else None), None, {}
    try:
        content = base64.b64decode(carried, validate=True)
    except (binascii.Error, ValueError):
        return None, None, {"file": [_("The file cannot be read.")]}
    return content, {column: request.form.get(f"map.{column}", "") for column in COLUMNS}, {}


def _mapping_step(content: bytes | None) -> tuple[MappingStep | None, dict[str, Any]]:
    """The mapping step when the file's header lacks a column; field errors when the file
    cannot be read at all."""
    try:
        headers = read_header(content)
    except RuleViolation as error:
        return None, dict(error.fields)
    named = {header.lower() for header in headers}
    if all(column in named for column in COLUMNS):
        return None, {}
    assert content is not None  # read_header refuses an empty file
    return MappingStep(headers, base64.b64encode(content).decode("ascii"),
                       {column: _guess(column, headers) for column in COLUMNS}), {}


def _guess(column: str, headers: list[str]) -> str:
    """The header that spells `column` another way (case, spaces, dashes), if one does."""
    def plain(name: str) -> str:
        return "".join(c for c in name.lower() if c.isalnum())
    return next((header for header in headers if plain(header) == plain(column)), "")
