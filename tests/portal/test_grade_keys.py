"""A grade and its history always name a buyer that exists: a foreign key on SQLite, triggers
that check each statement's rows at once on PostgreSQL. Both refuse a row naming no buyer,
take a deleted buyer's grades with it, and a buyer deleted while its grade is being written
leaves nothing behind, whichever commits first."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tests.limits_world import graded_buyer

HISTORY = ("INSERT INTO grade_history (buyer_id, previous_grade, grade, pd, model_version, "
           "as_of, graded_at) VALUES (:buyer, NULL, 4, 0.01, 'test', '2026-06-30', "
           "'2026-06-30 12:00:00')")
GRADE = ("INSERT INTO buyer_grades (buyer_id, grade, pd, model_version, as_of, graded_at) "
         "VALUES (:buyer, 4, 0.01, 'test', '2026-06-30', '2026-06-30 12:00:00')")


def stored(connection: Session | Connection, buyer_id: int) -> tuple[int, int]:
    """(grades, history rows) of the buyer."""
    return tuple(connection.execute(text(  # type: ignore[return-value]
        "SELECT (SELECT COUNT(*) FROM buyer_grades WHERE buyer_id = :buyer), "
        "(SELECT COUNT(*) FROM grade_history WHERE buyer_id = :buyer)"), {"buyer": buyer_id}
    ).one())


def refused(session: Session, statement: str, **params: object) -> bool:
    try:
        with session.begin_nested():
            session.execute(text(statement), params)
    except IntegrityError:
        return True
    return False


def test_a_grade_or_a_history_row_naming_no_buyer_is_refused(session: Session) -> None:
    buyer = graded_buyer(session)
    missing = buyer.id + 1000
    grades, history = before = stored(session, buyer.id)
    assert grades == 1 and history >= 1
    assert refused(session, GRADE, buyer=missing)
    assert refused(session, HISTORY, buyer=missing)
    assert refused(session, "INSERT INTO grade_history (buyer_id, previous_grade, grade, pd, "
                   "model_version, as_of, graded_at) SELECT buyer_id + :shift, grade, grade, pd, "
                   "model_version, as_of, graded_at FROM buyer_grades "
                   "UNION ALL SELECT buyer_id, grade, grade, pd, model_version, as_of, graded_at "
                   "FROM buyer_grades", shift=1000)
    assert refused(session, "UPDATE buyer_grades SET buyer_id = :missing WHERE buyer_id = :buyer",
                   missing=missing, buyer=buyer.id)
    assert refused(session, "UPDATE buyers SET id = :missing WHERE id = :buyer",
                   missing=missing, buyer=buyer.id)
    assert stored(session, buyer.id) == before
    assert stored(session, missing) == (0, 0)
    session.execute(text(HISTORY), {"buyer": buyer.id})  # a buyer that exists: stored
    assert stored(session, buyer.id) == (1, history + 1)


def test_a_deleted_buyer_takes_its_grades_and_history_and_no_other(session: Session) -> None:
    gone, kept = graded_buyer(session), graded_buyer(session)
    session.execute(text(HISTORY), {"buyer": gone.id})
    kept_before = stored(session, kept.id)
    session.execute(text("DELETE FROM buyers WHERE id = :buyer"), {"buyer": gone.id})
    assert stored(session, gone.id) == (0, 0)
    assert stored(session, kept.id) == kept_before


@pytest.fixture
def buyer_id(committing_app: Flask) -> int:
    with committing_app.extensions["database"].factory() as session:
        buyer = graded_buyer(session)
        session.commit()
        return buyer.id


@pytest.fixture
def writer(committing_app: Flask) -> Iterator[Connection]:
    with committing_app.extensions["database"].engine.connect() as connection:
        yield connection


def in_thread(work: Callable[[], None]) -> tuple[threading.Thread, list[BaseException | None]]:
    """Start `work` in a thread; the list gets None when it ends well, else its error."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            work()
            outcome.append(None)
        except BaseException as error:  # reported to the test's thread
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_a_buyer_deleted_while_its_grade_is_written_waits_and_takes_it(
    committing_app: Flask, buyer_id: int, writer: Connection
) -> None:
    def delete() -> None:
        with committing_app.extensions["database"].engine.begin() as connection:
            connection.execute(text("DELETE FROM buyers WHERE id = :buyer"), {"buyer": buyer_id})

    with writer.begin():
        writer.execute(text(HISTORY), {"buyer": buyer_id})
        thread, outcome = in_thread(delete)
        time.sleep(0.5)
        assert thread.is_alive()  # the delete waits for the writer's commit
    thread.join(timeout=30)
    assert outcome == [None]
    assert stored(writer, buyer_id) == (0, 0)


def test_a_grade_written_while_its_buyer_is_deleted_waits_and_is_refused(
    committing_app: Flask, buyer_id: int, writer: Connection
) -> None:
    def write() -> None:
        with writer.begin():
            writer.execute(text(HISTORY), {"buyer": buyer_id})

    with committing_app.extensions["database"].engine.connect() as deleting:
        transaction = deleting.begin()
        deleting.execute(text("DELETE FROM buyers WHERE id = :buyer"), {"buyer": buyer_id})
        thread, outcome = in_thread(write)
        time.sleep(0.5)
        assert thread.is_alive()  # the writer waits for the delete's commit
        transaction.commit()
    thread.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], IntegrityError)
    assert stored(writer, buyer_id) == (0, 0)
