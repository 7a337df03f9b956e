"""Limit requests in bulk for insureds: a CSV or XLSX file under one policy, sent through the
same service as the API's, and the answer for each line of the file (docs/api.md)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.auth import sign_in_required
from portal.database import db
from portal.pages import limit_views as views
from portal.pages.forms import acting, submit
from portal.pages.limits import bp
from reports.downloads import table_csv
from underwriting.limits import bulk
from underwriting.limits.bulk import BulkReport
from underwriting.limits.requests import ASK
from underwriting.limits.schemas import BulkFormSchema

TEMPLATE_NAME = "limit-requests-template.csv"


@bp.route("/limits/bulk", methods=["GET", "POST"])
@sign_in_required
def bulk_requests() -> ResponseReturnValue:
    actor = acting(ASK)
    errors: dict[str, Any] = {}
    report: BulkReport | None = None
    if request.method == "POST":
        made: list[BulkReport] = []
        upload = request.files.get("file")
        content = upload.read() if upload is not None else None
        errors = submit(
            BulkFormSchema(),
            lambda form: made.append(bulk.request_limits_in_bulk(
                db.session, actor=actor, policy_id=form["policy_id"], content=content)),
            _("Limit requests sent: the answer for each line is below."),
            body={"policy_id": request.form.get("policy_id", "")},
        )
        report = made[0] if made and not errors else None
    page = render_template("pages/limit_bulk.html", errors=errors, report=report,
                           form=request.form, policies=views.in_force_policies(),
                           columns=bulk.COLUMNS, most=bulk.MAX_ROWS,
                           answers_csv=_answers_link(report) if report else None)
    return page, 422 if errors else 200


def _answers_link(report: BulkReport) -> str:
    """The answers as a CSV file the browser saves from the page itself: nothing is kept on
    the server for it, and it holds what the table shows."""
    text = table_csv(("line", "status", "request_id", "error"), (
        (row.line, row.status, row.request_id or "", row.error or "") for row in report.rows))
    return "data:text/csv;charset=utf-8," + quote(text)


@bp.get("/limits/bulk/template.csv")
@sign_in_required
def bulk_template() -> ResponseReturnValue:
    """The file to fill in: the header row the upload expects."""
    acting(ASK)
    return Response(",".join(bulk.COLUMNS) + "\r\n", mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_NAME}"'})
