"""Reading grades beside the buyers they belong to."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer, LegalEvent, LegalEventType
from buyers_db.search import search_statement
from underwriting.grading.inputs import read_frame
from underwriting.grading.model import load_model
from underwriting.grading.records import BuyerGrade, GradeChange
from underwriting.grading.scorecard import score

GradedRow = tuple[Buyer, int | None, float | None]


def graded_search(
    session: Session, *, query: str | None = None, country: str | None = None,
    registration_number: str | None = None, identifier: str | None = None,
) -> Select[GradedRow]:
    """Buyer search (best match first, the filters of `search_statement`) with each buyer's
    current grade and PD."""
    return (
        search_statement(session, query=query, country=country,
                         registration_number=registration_number, identifier=identifier)
        .add_columns(BuyerGrade.grade, BuyerGrade.pd)
        .outerjoin(BuyerGrade, BuyerGrade.buyer_id == Buyer.id)
    )


def current_grade(session: Session, buyer_id: int) -> BuyerGrade | None:
    return session.get(BuyerGrade, buyer_id)


def grade_history(session: Session, buyer_id: int) -> list[GradeChange]:
    query = select(GradeChange).where(GradeChange.buyer_id == buyer_id)
    return list(session.scalars(query.order_by(GradeChange.as_of.desc(), GradeChange.id.desc())))


def explain(session: Session, buyer_id: int, as_of: dt.date) -> dict[str, float]:
    """Each factor's contribution to the buyer's score as of `as_of`, for underwriters."""
    scored = score(read_frame(session, as_of, [buyer_id]), load_model())
    row = scored.iloc[0]
    return {
        name.removeprefix("contrib_"): round(float(row[name]), 4)
        for name in scored.columns if name.startswith("contrib_")
    }


GRADE_SETTING_EVENTS = (LegalEventType.INSOLVENCY, LegalEventType.CEASED_TRADING)


def legal_cause(session: Session, buyer_id: int, as_of: dt.date) -> LegalEvent | None:
    """The legal event that sets the grade to the worst whatever the factors say (insolvency or
    ceased trading, the earliest on or before `as_of`), so the explanation can name it."""
    query = (select(LegalEvent)
             .where(LegalEvent.buyer_id == buyer_id, LegalEvent.date <= as_of,
                    LegalEvent.type.in_(GRADE_SETTING_EVENTS))
             .order_by(LegalEvent.date, LegalEvent.id).limit(1))
    return session.scalar(query)
