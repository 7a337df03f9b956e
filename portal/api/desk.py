"""The claims desk: documents and messages on collection cases and claims."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from sqlalchemy import Select
from sqlalchemy.orm import Session

from claims.desk import documents, messages, subjects
from claims.desk.models import Document, Message
from claims.desk.schemas import DocumentSchema, MessageCreateSchema, MessageSchema
from core.actor import Actor
from core.content import KINDS
from portal.api.endpoint import endpoint
from portal.document_store import document_store

bp = Blueprint("desk", __name__, url_prefix="/api/v1")
ADDERS = {"case": documents.ADD_TO_CASE, "claim": documents.ADD_TO_CLAIM}
SUBJECTS = {"case": "/collection-cases/<int:case_id>", "claim": "/claims/<int:claim_id>"}
WHAT = {"case": "collection case", "claim": "claim"}


def uploaded_content() -> bytes | None:
    """The multipart field `file`, read no further than one byte past the largest document."""
    upload = request.files.get("file")
    return upload.stream.read(documents.MAX_BYTES + 1) if upload is not None else None


def _named(kind: str, name: str, view: Any) -> Any:
    view.__name__ = f"{kind}_{name}"  # the endpoint's name: one per kind of subject
    return view


def _register(kind: str) -> None:
    rule, what = SUBJECTS[kind], WHAT[kind]

    def add(session: Session, actor: Actor, **ids: int) -> Document:
        return documents.add_document(session, kind, ids[f"{kind}_id"], actor=actor,
                                      content=uploaded_content(), store=document_store())

    def listed(session: Session, actor: Actor, **ids: int) -> Select[Any]:
        return documents.documents_query(session, kind, ids[f"{kind}_id"], actor=actor)

    def write(session: Session, actor: Actor, *, body: dict[str, Any], **ids: int) -> Message:
        return messages.write_message(session, kind, ids[f"{kind}_id"], actor=actor, **body)

    def read(session: Session, actor: Actor, **ids: int) -> Select[Any]:
        return messages.messages_query(session, kind, ids[f"{kind}_id"], actor=actor)

    endpoint(bp, f"{rule}/documents", "POST", summary=f"Attach a document to a {what} "
             "(multipart field 'file': PDF, PNG, JPEG, CSV or XLSX by content, at most 20 MB)",
             roles=ADDERS[kind], response=DocumentSchema(), status=201,
             upload="file")(_named(kind, "documents_add", add))
    endpoint(bp, f"{rule}/documents", "GET", summary=f"The documents of a {what}, oldest "
             "first, with who brought them and when", roles=subjects.READ,
             response=DocumentSchema(), paginated=True)(_named(kind, "documents", listed))
    endpoint(bp, f"{rule}/messages", "POST", summary=f"Write a message on a {what}, for the "
             "insured and the insurer's staff", roles=messages.WRITE, body=MessageCreateSchema(),
             response=MessageSchema(), status=201)(_named(kind, "messages_write", write))
    endpoint(bp, f"{rule}/messages", "GET", summary=f"The messages on a {what}, in the order "
             "they were written", roles=subjects.READ, response=MessageSchema(),
             paginated=True)(_named(kind, "messages", read))


for _kind in SUBJECTS:
    _register(_kind)


@endpoint(bp, "/documents/<int:document_id>", "GET", summary="Download a document, as it was "
          "uploaded", roles=subjects.READ, produces=KINDS["pdf"].media_type,
          downloads=[k.media_type for k in KINDS.values() if k.name != "pdf"])
def download(session: Session, actor: Actor, document_id: int) -> Response:
    document = documents.get_document(session, document_id, actor=actor)
    answer = Response(documents.content_of(document, document_store()),
                      mimetype=document.media_type)
    name = f"document-{document.id}.{documents.extension(document)}"
    answer.headers["Content-Disposition"] = f"attachment; filename={name}"
    answer.headers["Cache-Control"] = "no-store"
    return answer
