"""Premium: monthly turnover declarations, premium invoices and their PDFs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app
from marshmallow import Schema, validate
from sqlalchemy import Select
from sqlalchemy.orm import Session

from core.actor import INSURED_ROLES, Actor, Role
from core.clock import today
from core.fields import Text
from portal.api.endpoint import endpoint
from reports import invoices
from underwriting.premium import declarations, invoicing
from underwriting.premium.models import PremiumDeclaration, PremiumInvoice
from underwriting.premium.schemas import (
    DeclarationCreateSchema,
    DeclarationSchema,
    InvoiceFilterSchema,
    PremiumInvoiceSchema,
)

bp = Blueprint("premium", __name__, url_prefix="/api/v1")
READERS = {*INSURED_ROLES, Role.UNDERWRITER, Role.CLAIMS_HANDLER, Role.INSURER_ADMIN}


class InvoicePdfQuerySchema(Schema):
    lang = Text(load_default="en", validate=validate.OneOf(["en", "zh"]))


@endpoint(bp, "/policies/<int:policy_id>/declarations", "POST",
          summary="Declare a month's insured turnover (again, to amend it until invoiced): "
          "premium = turnover × the policy's premium rate", roles=declarations.DECLARE,
          body=DeclarationCreateSchema(), response=DeclarationSchema(), status=201)
def declare(
    session: Session, actor: Actor, policy_id: int, *, body: dict[str, Any]
) -> PremiumDeclaration:
    return declarations.declare_turnover(session, policy_id, actor=actor, **body)


@endpoint(bp, "/policies/<int:policy_id>/declarations", "GET",
          summary="A policy's turnover declarations, latest month first", roles=READERS,
          response=DeclarationSchema(), paginated=True)
def list_declarations(session: Session, actor: Actor, policy_id: int) -> Select[Any]:
    return declarations.list_declarations(session, policy_id, actor=actor)


@endpoint(bp, "/policies/<int:policy_id>/premium-invoices", "POST",
          summary="Invoice a policy's uninvoiced declarations now, outside the monthly run",
          roles=invoicing.INVOICE, response=PremiumInvoiceSchema(), status=201)
def invoice_now(session: Session, actor: Actor, policy_id: int) -> PremiumInvoice:
    return invoicing.invoice_now(session, policy_id, actor=actor, issued_on=today())


@endpoint(bp, "/premium-invoices", "GET", summary="Premium invoices: insureds their own, staff "
          "all", roles=READERS, query=InvoiceFilterSchema(), response=PremiumInvoiceSchema(),
          paginated=True)
def list_invoices(session: Session, actor: Actor, *, query: dict[str, Any]) -> Select[Any]:
    return invoicing.invoices_query(**query)


@endpoint(bp, "/premium-invoices/<int:invoice_id>", "GET",
          summary="A premium invoice with its lines", roles=READERS,
          response=PremiumInvoiceSchema())
def get_invoice(session: Session, actor: Actor, invoice_id: int) -> PremiumInvoice:
    return invoicing.get_invoice(session, invoice_id, actor=actor)


@endpoint(bp, "/premium-invoices/<int:invoice_id>/invoice.pdf", "GET",
          summary="A premium invoice as PDF, in English or Chinese (lang=zh)", roles=READERS,
          query=InvoicePdfQuerySchema(), produces="application/pdf")
def invoice_pdf(
    session: Session, actor: Actor, invoice_id: int, *, query: dict[str, Any]
) -> Response:
    lang = query["lang"]
    pdf = invoices.premium_invoice(session, invoice_id, actor=actor, lang=lang,
                                   bank_account=current_app.config["INSURER_BANK_ACCOUNT"])
    answer = Response(pdf, mimetype="application/pdf")
    answer.headers["Content-Disposition"] = \
        f"inline; filename={invoices.filename(invoice_id, lang)}"
    return answer
