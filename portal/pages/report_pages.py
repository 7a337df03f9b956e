"""The portfolio report for the signed-in browser: the same PDF and workbook as the API's."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale

from core.accounts import services as accounts
from core.actor import Role
from portal import schedule
from portal.auth import sign_in_required
from portal.database import db
from portal.pages.documents import document_language, pdf_response
from portal.pages.downloads import FORMATS
from portal.pages.forms import acting
from reports import downloads, portfolio_pdf
from reports import schedule as schedule_layout
from reports.portfolio import portfolio
from underwriting.policies import services as policies

bp = Blueprint("report_pages", __name__)
PDF = "application/pdf"


@bp.get("/reports/portfolio.<kind>")
@sign_in_required
def portfolio_file(kind: str) -> ResponseReturnValue:
    """Staff get the insurer's whole portfolio, insureds their own (as in the API)."""
    actor = acting(*Role)
    if kind not in ("pdf", "xlsx"):
        abort(404)
    report = portfolio(db.session, actor=actor)
    if kind == "xlsx":
        return _file(downloads.xlsx_bytes(report), FORMATS["xlsx"], "portfolio.xlsx")
    lang = request.args.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        lang = str(get_locale())
    name = ""
    if actor.insured_id is not None:
        name = accounts.get_insured(db.session, actor.insured_id, actor=actor).name
    pdf = portfolio_pdf.portfolio_pdf(report, lang=lang, scope_name=name)
    return _file(pdf, PDF, f"portfolio-{lang}.pdf")


def _file(content: bytes, mimetype: str, name: str) -> Response:
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/policies/<int:policy_id>/schedule.pdf")
@sign_in_required
def policy_schedule(policy_id: int) -> ResponseReturnValue:
    """The policy schedule; the same document as the API's, for the signed-in browser."""
    actor = acting(*Role)
    number = policies.get_policy(db.session, policy_id, actor=actor).number  # another's: 404
    lang = document_language()
    return pdf_response(schedule.policy_schedule(db.session, policy_id, actor=actor, lang=lang),
                        schedule_layout.filename(number, lang))
