"""Stored grades: the current grade of each buyer, the history of its changes, and the runs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base


class BuyerGrade(Base):
    """A buyer's grade now: one row per graded buyer."""

    __tablename__ = "buyer_grades"

    buyer_id: Mapped[int] = mapped_column(
        ForeignKey("buyers.id", ondelete="CASCADE"), primary_key=True
    )
    grade: Mapped[int] = mapped_column(SmallInteger)
    pd: Mapped[float] = mapped_column(Float)  # a probability, not money
    model_version: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[dt.date]
    graded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    run_id: Mapped[int | None]  # GradingRun.id; no key: the run writes it in its transaction


class GradeChange(Base):
    """Every time a buyer's grade was first set or moved: never updated, never deleted."""

    __tablename__ = "grade_history"
    __table_args__ = (Index("ix_grade_history_buyer_id_as_of", "buyer_id", "as_of"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id", ondelete="CASCADE"))
    previous_grade: Mapped[int | None] = mapped_column(SmallInteger)
    grade: Mapped[int] = mapped_column(SmallInteger)
    pd: Mapped[float] = mapped_column(Float)
    model_version: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[dt.date]
    graded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    run_id: Mapped[int | None]  # GradingRun.id, as the current grade's


class GradingRun(Base):
    """A batch re-grade: who started it, what model, how many, how long."""

    __tablename__ = "grading_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    model_version: Mapped[str] = mapped_column(String(32))
    as_of: Mapped[dt.date]
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    graded: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class StagedScore(Base):
    """A score computed by a cluster's worker, waiting for the run that asked for it to store
    it: rows of one `batch` live only while that run does."""

    __tablename__ = "staged_scores"

    batch: Mapped[str] = mapped_column(String(32), primary_key=True)
    buyer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    grade: Mapped[int] = mapped_column(SmallInteger)
    pd: Mapped[float] = mapped_column(Float)
