"""Documents and messages on collection cases and claims. Each belongs to exactly one case or
one claim, and to that one's insured."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.accounts.models import User
from core.db import Base, TimestampMixin
from core.tenancy import TenantOwned

ONE_SUBJECT = "(case_id IS NULL) <> (claim_id IS NULL)"


class Document(TenantOwned, TimestampMixin, Base):
    """A file kept for a case or a claim (an invoice, a proof of delivery, an insolvency
    paper). The bytes live in the document store under `storage_key`, a name of our making;
    the row says what they are, how large, and who brought them."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(ONE_SUBJECT, name="one_subject"),
        CheckConstraint("size > 0", name="size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    """pdf, png, jpeg, csv or xlsx: what the content is, whatever the file was called."""
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(128), unique=True)
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    uploader: Mapped[User | None] = relationship(lazy="joined")


class Message(TenantOwned, TimestampMixin, Base):
    """One message on a case or a claim, between the insured and the insurer's staff."""

    __tablename__ = "messages"
    __table_args__ = (CheckConstraint(ONE_SUBJECT, name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("collection_cases.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User | None] = relationship(lazy="joined")
