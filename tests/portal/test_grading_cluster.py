"""The batch re-grade on a real Dask cluster (a scheduler and two worker processes) stores the
same grades, the same history and sends the same grade changes as a local run, on a database
whose rows really commit (the workers read them from their own connections). On SQLite a
cluster run is refused: workers on other hosts cannot share a file."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pytest
from distributed import LocalCluster
from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session

from bench.common import buyer_rows, csv_bytes
from buyers_db.imports import import_buyers
from core.actor import SYSTEM
from core.clock import today
from core.tenancy import Scope, tenant_scope
from tests.endpoints import TODAY
from underwriting.grading.cluster import run_grading_on_cluster
from underwriting.grading.runs import grade_changed, run_grading

BUYERS = 3000


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture
def buyers(committing_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("TCI_TODAY", TODAY)
    with committing_app.extensions["database"].factory() as session:
        import_buyers(session, io.BytesIO(csv_bytes(buyer_rows(BUYERS))), actor=SYSTEM)
        session.commit()
    return committing_app


def outcome(app: Flask, work: Callable[[Session], Any], *, keep: bool) -> dict[str, Any]:
    """The grades, the history of this run and the changes announced by `work`; kept
    (committed) or rolled back."""
    announced: list[pd.DataFrame] = []

    def listen(_sender: Any, changes: pd.DataFrame, **_: Any) -> None:
        announced.append(changes)

    grade_changed.connect(listen)
    try:
        with app.extensions["database"].factory() as session, tenant_scope(Scope.everyone()):
            run_id = work(session)
            session.flush()
            seen = {
                "grades": session.execute(text(
                    "SELECT buyer_id, grade, pd, model_version, as_of FROM buyer_grades "
                    "ORDER BY buyer_id")).all(),
                "history": session.execute(text(
                    "SELECT buyer_id, previous_grade, grade, pd, model_version, as_of "
                    "FROM grade_history WHERE run_id = :run ORDER BY id"), {"run": run_id}).all(),
                "announced": [frame.to_dict("records") for frame in announced],
                "run": session.execute(text("SELECT graded, changed FROM grading_runs "
                                            "WHERE id = :run"), {"run": run_id}).one(),
            }
            session.commit() if keep else session.rollback()
    finally:
        grade_changed.disconnect(listen)
    return seen


def local(session: Session) -> int:
    return run_grading(session, actor=SYSTEM, as_of=today(), partition=1000).id


def test_a_second_run_with_nothing_changed_writes_nothing(buyers: Flask) -> None:
    """The stored grades are read back exactly (a PD through COPY's text included), so a run
    that finds every score as stored rewrites no grade and adds no history. (Before the
    cluster's test: its workers stay connected to the database until the module ends.)"""
    app = buyers
    outcome(app, local, keep=True)

    def stored() -> list[Any]:
        with app.extensions["database"].factory() as session:
            return list(session.execute(text(
                "SELECT buyer_id, grade, pd, run_id, graded_at FROM buyer_grades "
                "ORDER BY buyer_id")).all())

    before = stored()
    again = outcome(app, local, keep=True)
    assert again["run"] == (BUYERS, 0) and again["history"] == []
    assert stored() == before


def test_a_cluster_grades_as_a_local_run(buyers: Flask, cluster: str) -> None:
    app = buyers
    with app.extensions["database"].factory() as session:
        postgresql = session.get_bind().dialect.name == "postgresql"
    if not postgresql:
        answer = app.test_cli_runner().invoke(args=["grading", "run", "--dask", cluster])
        assert answer.exit_code == 1, answer.output
        assert "needs PostgreSQL" in answer.output
        return

    def on_cluster(session: Session) -> int:
        return run_grading_on_cluster(session, actor=SYSTEM, as_of=today(), address=cluster,
                                      partition=700).id

    expected = outcome(app, local, keep=False)
    assert len(expected["grades"]) == BUYERS and expected["run"] == (BUYERS, 0)
    assert outcome(app, on_cluster, keep=True) == expected

    with app.extensions["database"].factory() as session:  # some buyers worsen, some improve
        session.execute(text("UPDATE financial_statements SET ebit = -3 * ebit, "
                             "equity = -equity WHERE buyer_id % 7 = 0"))
        session.execute(text("UPDATE financial_statements SET ebit = 4 * ABS(ebit) "
                             "WHERE buyer_id % 11 = 0"))
        session.execute(text(
            "INSERT INTO legal_events (buyer_id, type, date, detail, created_at) "
            "SELECT id, 'insolvency', :day, '', now() FROM buyers WHERE id % 13 = 0"),
            {"day": dt.date.fromisoformat(TODAY) - dt.timedelta(days=3)})
        session.commit()
    expected = outcome(app, local, keep=False)
    assert expected["run"][1] > 100  # grades moved: the history and the announcement matter

    def from_the_command_line(session: Session) -> int:
        answer = app.test_cli_runner().invoke(args=["grading", "run", "--dask", cluster])
        assert answer.exit_code == 0, answer.output
        assert "Grading [" in answer.output and "rows/s" in answer.output
        return int(session.scalar(text("SELECT MAX(id) FROM grading_runs")) or 0)

    assert outcome(app, from_the_command_line, keep=True) == expected
    with app.extensions["database"].factory() as session:
        assert session.scalar(text("SELECT COUNT(*) FROM staged_scores")) == 0


def test_a_cluster_run_on_sqlite_is_refused_with_a_reason(
    tmp_path: Any, cluster: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    from portal import create_app
    from portal.cli.database import alembic_config

    url = f"sqlite:///{tmp_path / 'one-file.sqlite'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app({"TESTING": True, "SECRET_KEY": "cluster", "DATABASE_URL": url})
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster)
    answer = app.test_cli_runner().invoke(args=["grading", "run"])
    assert answer.exit_code == 1, answer.output
    assert "needs PostgreSQL" in answer.output and "SQLite" in answer.output
    app.extensions["database"].engine.dispose()
