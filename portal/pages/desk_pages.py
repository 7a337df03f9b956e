"""Documents and messages on the case and claim pages: upload and list, read and write, with
the same services as the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import Schema
from sqlalchemy.orm import Session

from claims.desk import documents, messages, subjects
from claims.desk.models import Document, Message
from claims.desk.schemas import MessageCreateSchema
from core.actor import Actor
from portal.api.desk import uploaded_content
from portal.auth import sign_in_required
from portal.database import db
from portal.document_store import document_store
from portal.pages.forms import acting, submit

bp = Blueprint("desk_pages", __name__)
READERS = (subjects.READ,)
ADDERS = {"case": documents.ADD_TO_CASE, "claim": documents.ADD_TO_CLAIM}


@dataclass(frozen=True)
class Desk:
    """What a case or claim page shows of its documents and messages."""

    kind: str
    id: int
    documents: list[Document]
    messages: list[Message]
    may_upload: bool


def desk_of(session: Session, kind: str, subject_id: int, actor: Actor) -> Desk:
    listed = documents.documents_query(session, kind, subject_id, actor=actor)
    written = messages.messages_query(session, kind, subject_id, actor=actor)
    return Desk(kind, subject_id, list(session.scalars(listed)),
                list(session.scalars(written)), ADDERS[kind].admits(actor))


def _page(kind: str, subject_id: int, errors: dict[str, Any], failed: str) -> ResponseReturnValue:
    from portal.pages.claim_pages import claim_page
    from portal.pages.collection import case_page

    if kind == "case":
        return case_page(subject_id, errors, failed)
    return claim_page(subject_id, errors, failed)


def _back(kind: str, subject_id: int, anchor: str) -> ResponseReturnValue:
    if kind == "case":
        return redirect(url_for("collection_pages.case", case_id=subject_id, _anchor=anchor))
    return redirect(url_for("claim_pages.claim", claim_id=subject_id, _anchor=anchor))


def _upload(kind: str, subject_id: int) -> ResponseReturnValue:
    actor = acting(ADDERS[kind])
    errors = submit(
        Schema(),
        lambda _body: documents.add_document(db.session, kind, subject_id, actor=actor,
                                             content=uploaded_content(),
                                             store=document_store()),
        _("Document attached."), body={})
    if errors:
        return _page(kind, subject_id, errors, "document")
    return _back(kind, subject_id, "documents")


def _write(kind: str, subject_id: int) -> ResponseReturnValue:
    actor = acting(messages.WRITE)
    errors = submit(
        MessageCreateSchema(),
        lambda body: messages.write_message(db.session, kind, subject_id, actor=actor, **body),
        _("Message sent."))
    if errors:
        return _page(kind, subject_id, errors, "message")
    return _back(kind, subject_id, "messages")


@bp.post("/cases/<int:case_id>/documents")
@sign_in_required
def case_document(case_id: int) -> ResponseReturnValue:
    return _upload("case", case_id)


@bp.post("/claims/<int:claim_id>/documents")
@sign_in_required
def claim_document(claim_id: int) -> ResponseReturnValue:
    return _upload("claim", claim_id)


@bp.post("/cases/<int:case_id>/messages")
@sign_in_required
def case_message(case_id: int) -> ResponseReturnValue:
    return _write("case", case_id)


@bp.post("/claims/<int:claim_id>/messages")
@sign_in_required
def claim_message(claim_id: int) -> ResponseReturnValue:
    return _write("claim", claim_id)


@bp.get("/documents/<int:document_id>")
@sign_in_required
def download(document_id: int) -> ResponseReturnValue:
    actor = acting(*READERS)
    document = documents.get_document(db.session, document_id, actor=actor)
    name = f"document-{document.id}.{documents.extension(document)}"
    return Response(documents.content_of(document, document_store()),
                    mimetype=document.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
