"""Buyers, their yearly financial statements and legal events. Owned by the insurer, shared by
all insureds: no tenant column here, and insureds never see the statements."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.db import Base, TimestampMixin

AMOUNT = Numeric(20, 2)
STATEMENT_FIELDS = (
    "revenue", "ebit", "net_income", "total_assets", "current_assets", "current_liabilities",
    "total_liabilities", "equity", "retained_earnings",
)


class LegalEventType(enum.StrEnum):
    INSOLVENCY = "insolvency"
    LITIGATION = "litigation"
    OWNERSHIP_CHANGE = "ownership_change"
    CEASED_TRADING = "ceased_trading"


class Buyer(TimestampMixin, Base):
    __tablename__ = "buyers"
    __table_args__ = (
        UniqueConstraint("country", "registration_number"),
        # One buyer per registration number however it is spelt: compared in its key's form.
        Index("ix_buyers_country_registration_key", "country", "registration_key", unique=True),
        Index("ix_buyers_registration_number", "registration_number"),
        Index("ix_buyers_registration_key", "registration_key"),
        Index("ix_buyers_vat_key", "vat_key"),
        CheckConstraint("employees IS NULL OR employees >= 0", name="employees_not_negative"),
        Index(
            "ix_buyers_search_trgm", "search_name",
            postgresql_using="gin", postgresql_ops={"search_name": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    country: Mapped[str] = mapped_column(String(2))
    registration_number: Mapped[str] = mapped_column(String(64))
    registration_key: Mapped[str] = mapped_column(String(64))  # identifiers.registration_key
    vat_number: Mapped[str | None] = mapped_column(String(32))
    vat_key: Mapped[str | None] = mapped_column(String(32))  # identifiers.vat_key
    name: Mapped[str] = mapped_column(String(300))
    search_name: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str | None] = mapped_column(String(8))
    city: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(300))
    founded_year: Mapped[int | None]
    employees: Mapped[int | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    statements: Mapped[list[FinancialStatement]] = relationship(
        back_populates="buyer", order_by="FinancialStatement.fiscal_year.desc()",
        cascade="all, delete-orphan",
    )
    events: Mapped[list[LegalEvent]] = relationship(
        back_populates="buyer", order_by="LegalEvent.date.desc()", cascade="all, delete-orphan"
    )


class FinancialStatement(TimestampMixin, Base):
    """One fiscal year's figures, in the statement's own currency."""

    __tablename__ = "financial_statements"
    __table_args__ = (UniqueConstraint("buyer_id", "fiscal_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id", ondelete="CASCADE"), index=True)
    fiscal_year: Mapped[int]
    period_end: Mapped[dt.date]
    currency: Mapped[str] = mapped_column(String(3))
    revenue: Mapped[Decimal | None] = mapped_column(AMOUNT)
    ebit: Mapped[Decimal | None] = mapped_column(AMOUNT)
    net_income: Mapped[Decimal | None] = mapped_column(AMOUNT)
    total_assets: Mapped[Decimal | None] = mapped_column(AMOUNT)
    current_assets: Mapped[Decimal | None] = mapped_column(AMOUNT)
    current_liabilities: Mapped[Decimal | None] = mapped_column(AMOUNT)
    total_liabilities: Mapped[Decimal | None] = mapped_column(AMOUNT)
    equity: Mapped[Decimal | None] = mapped_column(AMOUNT)
    retained_earnings: Mapped[Decimal | None] = mapped_column(AMOUNT)

    buyer: Mapped[Buyer] = relationship(back_populates="statements")


class LegalEvent(TimestampMixin, Base):
    __tablename__ = "legal_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id", ondelete="CASCADE"), index=True)
    type: Mapped[LegalEventType] = mapped_column(
        Enum(LegalEventType, native_enum=False, length=32,
             values_callable=lambda e: [m.value for m in e])
    )
    date: Mapped[dt.date]
    detail: Mapped[str] = mapped_column(Text, default="")

    buyer: Mapped[Buyer] = relationship(back_populates="events")


class BuyerWord(Base):
    """Each word of each buyer's searchable name: PostgreSQL's index for searching by words
    (buyers_db/search.py), kept by triggers on `buyers`. SQLite searches its FTS5 table instead
    and leaves this one empty."""

    __tablename__ = "buyer_words"
    __table_args__ = (
        Index("ix_buyer_words_word", "word", "buyer_id",
              postgresql_ops={"word": "text_pattern_ops"}),
    )

    buyer_id: Mapped[int] = mapped_column(
        ForeignKey("buyers.id", ondelete="CASCADE"), primary_key=True)
    word: Mapped[str] = mapped_column(String(300), primary_key=True)


class BuyerWordCount(Base):
    """How many buyers' names hold each word: a search leads with its rarest word
    (buyers_db/search.py). Kept by triggers on `buyer_words` on PostgreSQL; empty on SQLite."""

    __tablename__ = "buyer_word_counts"
    __table_args__ = (
        Index("ix_buyer_word_counts_word", "word", "buyers",
              postgresql_ops={"word": "text_pattern_ops"}),
    )

    word: Mapped[str] = mapped_column(String(300), primary_key=True)
    buyers: Mapped[int]
