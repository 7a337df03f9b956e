"""The insured's receivables ledger: upload it, read it aged with what is uncovered and which
deadlines come near."""

from __future__ import annotations

from flask import Blueprint, request
from sqlalchemy.orm import Session

from claims.receivables import ledger, upload
from claims.receivables.ledger import Ledger
from claims.receivables.schemas import LedgerSchema, UploadReportSchema
from claims.receivables.upload import UploadReport
from core.actor import Actor
from portal.api.endpoint import endpoint

bp = Blueprint("receivables", __name__, url_prefix="/api/v1")


@endpoint(bp, "/policies/<int:policy_id>/receivables", "POST", summary="Upload the open "
          "invoices of every buyer (multipart field 'file', CSV or XLSX; columns country, "
          "registration_number, invoice_number, invoice_date, delivery_date, due_date, amount, "
          "vat_amount; at most 20,000 rows). The rows that are right replace the previous "
          "upload; the others are reported by line and field", roles=upload.UPLOAD,
          upload="file", response=UploadReportSchema(), status=201)
def upload_receivables(session: Session, actor: Actor, policy_id: int) -> UploadReport:
    file = request.files.get("file")
    return upload.replace_receivables(session, actor=actor, policy_id=policy_id,
                                      content=file.read() if file is not None else None)


@endpoint(bp, "/policies/<int:policy_id>/receivables", "GET", summary="The receivables "
          "ledger per buyer at the business date: open balance, ageing, the part above the "
          "limit in force, and warnings (MEP expiry or notification deadline within 14 days, "
          "terms over MCT, deliveries after a stop)", roles=ledger.READ,
          response=LedgerSchema())
def get_receivables(session: Session, actor: Actor, policy_id: int) -> Ledger:
    return ledger.receivables(session, policy_id, actor=actor)
