"""Documents on collection cases and claims: an invoice, a proof of delivery, an insolvency
paper. The content decides the type; the bytes go to the document store under a key of our
making; the row keeps who brought it, when, its type, size and digest."""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from claims.desk.models import Document
from claims.desk.storage import DocumentStore, MissingContent, new_key
from claims.desk.subjects import READ, subject
from core import audit
from core.actor import INSURED_ROLES, Action, Actor, Permission, Role
from core.content import KINDS, Kind, kind_of
from core.errors import DomainError, RuleViolation
from core.tenancy import owned_or_404

log = logging.getLogger(__name__)
MAX_BYTES = 20 * 1024 * 1024
ADD_TO_CASE = Action.of("add a document to a case", *INSURED_ROLES, Role.CLAIMS_HANDLER,
                        broker=Permission.REPORT_OVERDUES)
ADD_TO_CLAIM = Action.of("add a document to a claim", *INSURED_ROLES, Role.CLAIMS_HANDLER,
                         broker=Permission.FILE_CLAIMS)
ACCEPTED = "PDF, PNG, JPEG, CSV or XLSX"


class TooLarge(DomainError):
    """A document over MAX_BYTES."""

    code = "too_large"


def add_document(
    session: Session, kind: str, subject_id: int, *, actor: Actor, content: bytes | None,
    store: DocumentStore,
) -> Document:
    """Keep `content` for the case or claim: refused when it is missing, empty, larger than
    20 MB, or of a type not accepted. The bytes are stored before the row is flushed."""
    actor.require(ADD_TO_CASE if kind == "case" else ADD_TO_CLAIM)
    about = subject(session, kind, subject_id, actor=actor)
    found = _accepted(content)
    assert content is not None  # _accepted refuses None
    document = Document(**about.columns, kind=found.name, media_type=found.media_type,
                        size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                        storage_key=new_key(), uploaded_by=actor.user_id)
    store.put(document.storage_key, content)
    session.add(document)
    session.flush()
    audit.record(session, actor, f"{about.audit_name}.document_added", document,
                 insured_id=about.insured_id,
                 after=audit.snapshot(document, "case_id", "claim_id", "kind", "size",
                                      "sha256"))
    return document


def _accepted(content: bytes | None) -> Kind:
    if not content:
        raise RuleViolation("Send the document as the multipart field 'file'.",
                            fields={"file": ["Missing or empty."]})
    if len(content) > MAX_BYTES:
        raise TooLarge("A document is at most 20 MB.", fields={"file": ["At most 20 MB."]})
    found = kind_of(content)
    if found is None:
        raise RuleViolation(f"A document is a {ACCEPTED} file.",
                            fields={"file": [f"Not a {ACCEPTED} file."]})
    return found


def documents_query(
    session: Session, kind: str, subject_id: int, *, actor: Actor
) -> Select[tuple[Document]]:
    """The documents of the case or claim, oldest first."""
    about = subject(session, kind, subject_id, actor=actor)
    column = Document.case_id if about.kind == "case" else Document.claim_id
    return select(Document).where(column == about.id).order_by(Document.created_at,
                                                               Document.id)


def get_document(session: Session, document_id: int, *, actor: Actor) -> Document:
    actor.require(READ)
    return owned_or_404(session.get(Document, document_id), actor, "Document")


class ContentMissing(DomainError):
    """A document the database records whose bytes the store no longer holds."""

    code = "content_missing"


def content_of(document: Document, store: DocumentStore) -> bytes:
    """The document's bytes; `ContentMissing` when the store has lost them (restored from the
    store's backup, they download again: the key does not change)."""
    try:
        return store.get(document.storage_key)
    except MissingContent as lost:
        log.error("document %s: no content under key %s in the document store", document.id,
                  document.storage_key)
        raise ContentMissing("The document is recorded but its content is missing from the "
                             "document store; the insurer has been told.") from lost


def extension(document: Document) -> str:
    return KINDS[document.kind].extension
