"""The portfolio's exposure query under an insured's scope finds each limit's versions by the
limit, not by reading all of the insured's versions for each limit (which made the report of an
insured with 2,000 limits take 2.3 s on SQLite, the embedded default).

SQLite chooses its indexes by rule when it has no statistics, as in a new installation, so its
plan is checked here on a schema of its own, built by the migrations. PostgreSQL chooses by
statistics: the index serves it too, and its timings are in bench/portfolio_report.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from bench.common import alembic_config
from core.actor import Actor, Role
from core.db import make_engine
from core.tenancy import Scope, tenant_scope
from reports import queries


@pytest.fixture(scope="module")
def sqlite_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path_factory.mktemp('plan') / 'plan.db'}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _plan_of_exposure(engine: Engine, actor: Actor) -> list[str]:
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as session, tenant_scope(Scope.of(actor)):
            queries.exposure_rows(session, actor=actor)
            statement, parameters = next((s, p) for s, p in seen if "credit_limit_versions" in s)
            rows = session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, parameters).all()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return [str(row[-1]) for row in rows]


def test_an_insureds_exposure_finds_versions_by_their_limit(sqlite_engine: Engine) -> None:
    insured = Actor(user_id=1, email="credit@exporter.example", role=Role.INSURED_USER,
                    insured_id=7)
    plan = _plan_of_exposure(sqlite_engine, insured)
    versions = [step for step in plan if "credit_limit_versions" in step]
    assert any("ix_credit_limit_versions_limit_insured (credit_limit_id=? AND insured_id=?)"
               in step for step in versions), plan
    assert not any("ix_credit_limit_versions_insured_id" in step for step in versions), plan


def test_the_insurers_exposure_finds_versions_by_their_limit(sqlite_engine: Engine) -> None:
    staff = Actor(user_id=2, email="analyst@insurer.example", role=Role.UNDERWRITER)
    plan = _plan_of_exposure(sqlite_engine, staff)
    assert any("ix_credit_limit_versions_limit_insured (credit_limit_id=?)" in step
               for step in plan), plan
    assert not any(step.startswith("SCAN credit_limit_versions") for step in plan), plan


def test_the_migration_leaves_one_index_led_by_the_limit(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        names = {row[1] for row in connection.exec_driver_sql(
            "PRAGMA index_list('credit_limit_versions')")}
    assert "ix_credit_limit_versions_limit_insured" in names
    assert "ix_credit_limit_versions_credit_limit_id" not in names

