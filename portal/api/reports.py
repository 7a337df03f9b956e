"""Reports: the portfolio report as JSON, CSV, Excel or PDF."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response
from marshmallow import Schema, validate
from sqlalchemy.orm import Session

from core.accounts.models import Insured
from core.actor import Actor
from core.fields import Text
from core.tenancy import owned_or_404
from portal.api.endpoint import endpoint
from reports import downloads, portfolio_pdf
from reports.portfolio import ALL_TABLES, claims_tables, portfolio, summary, tables
from reports.schemas import PortfolioSchema

bp = Blueprint("reports", __name__, url_prefix="/api/v1/reports")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


class PortfolioQuerySchema(Schema):
    format = Text(load_default="json",
                           validate=validate.OneOf(["json", "csv", "xlsx", "pdf"]))
    table = Text(load_default="by_grade", validate=validate.OneOf(
        ["summary", *ALL_TABLES]), metadata={"description": "The table a CSV download holds."})
    lang = Text(load_default="en", validate=validate.OneOf(["en", "zh"]),
                         metadata={"description": "The language of the PDF."})


@endpoint(bp, "/portfolio", "GET",
          summary="The portfolio report: exposure by grade, country and sector, top buyers, "
          "concentration and expected loss; claims by status, claims paid and the loss ratio "
          "per policy year, aged balances and DSO of the collection cases. Staff see the "
          "insurer's whole portfolio, insureds their own. format=csv (one table, see "
          "`table`), xlsx (every table) or pdf (lang=zh for Chinese) download it.",
          query=PortfolioQuerySchema(), response=PortfolioSchema(),
          downloads=(CSV, XLSX, "application/pdf"))
def portfolio_report(session: Session, actor: Actor, *, query: dict[str, Any]) -> Any:
    report = portfolio(session, actor=actor)
    kind = query["format"]
    if kind == "json":
        return {**summary(report), **tables(report), **claims_tables(report)}
    if kind == "csv":
        return _download(downloads.csv_text(report, query["table"]).encode(),
                         CSV, f"portfolio-{query['table']}.csv")
    if kind == "xlsx":
        return _download(downloads.xlsx_bytes(report), XLSX, "portfolio.xlsx")
    name = ""
    if actor.insured_id is not None:
        name = owned_or_404(session.get(Insured, actor.insured_id), actor, "Insured").name
    pdf = portfolio_pdf.portfolio_pdf(report, lang=query["lang"], scope_name=name)
    return _download(pdf, "application/pdf", f"portfolio-{query['lang']}.pdf")


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    answer = Response(content, mimetype=mimetype)
    answer.headers["Content-Disposition"] = f"attachment; filename={filename}"
    return answer
