"""The batch re-grade on a Dask cluster (docs/scaling.md).

Workers score id ranges of the buyer table: each reads its partition from PostgreSQL with COPY,
scores it with the same scorecard, and copies the scores into `staged_scores`. The run itself
stays in the process that started it: it reads each partition's staged scores back and stores
them through `runs.store`, the very step a local run takes, in its own transaction, then
announces the changes once. Grades, history and alerts are therefore those of a local run.

SQLite is refused: a cluster's workers on other hosts cannot share one database file.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from functools import cache
from typing import Any

import pandas as pd
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from core.actor import Actor
from core.db import make_engine
from core.errors import RuleViolation
from underwriting.grading.inputs import read_experience, read_frame, read_rows
from underwriting.grading.model import Model
from underwriting.grading.records import GradingRun
from underwriting.grading.runs import (
    PARTITION,
    Progress,
    Stored,
    current_grades,
    finish_run,
    partitions,
    start_run,
    store,
)
from underwriting.grading.scorecard import score

ADDRESS_SETTING = "DASK_SCHEDULER_ADDRESS"


def run_grading_on_cluster(
    session: Session, *, actor: Actor, as_of: dt.date, address: str,
    model: Model | None = None, on_progress: Progress | None = None,
    partition: int = PARTITION, database_url: str | None = None,
) -> GradingRun:
    """Re-grade every buyer as of `as_of` with the Dask scheduler at `address` scoring the
    partitions. `database_url` is how the workers reach the database (the session's own by
    default); the workers must see what the session committed."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        raise RuleViolation(
            "A re-grade on a cluster needs PostgreSQL: workers on other hosts cannot share a "
            "SQLite file. Run `flask grading run` without --dask.",
            fields={"dask": ["needs PostgreSQL"]})
    from distributed import Client, as_completed  # an optional extra: only a cluster run needs it

    run, model = start_run(session, actor=actor, as_of=as_of, model=model)
    url = database_url or bind.engine.url.render_as_string(hide_password=False)
    ranges = partitions(session, partition)
    batch = uuid.uuid4().hex
    try:
        with Client(address) as client:  # type: ignore[no-untyped-call]
            experience = client.scatter(read_experience(session, as_of), broadcast=True)
            futures = client.map(score_partition, ranges, url=url, batch=batch, as_of=as_of,
                                 model=model, experience=experience, pure=False)
            done = 0
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                done += future.result()
                if on_progress is not None:
                    on_progress(done)
        results = [_store_partition(session, batch, id_range, run, model)
                   for id_range in ranges]
        session.execute(text("DELETE FROM staged_scores WHERE batch = :batch"), {"batch": batch})
    except BaseException:
        _discard(url, batch)
        raise
    return finish_run(session, run, actor, results)


def score_partition(
    id_range: tuple[int, int], *, url: str, batch: str, as_of: dt.date, model: Model,
    experience: pd.DataFrame,
) -> int:
    """A worker's task: score the buyers with ids in `id_range` and stage the scores, in a
    transaction of its own (its process is the unit of work); how many."""
    with _engine(url).begin() as connection:
        frame = read_frame(Session(bind=connection), as_of, id_range=id_range,
                           experience=experience)
        scored = score(frame, model)[["grade", "pd"]].reset_index(names="buyer_id")
        scored.insert(0, "batch", batch)
        buffer = io.StringIO()
        scored.to_csv(buffer, header=False, index=False)
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(
            "COPY staged_scores (batch, buyer_id, grade, pd) FROM STDIN (FORMAT csv)"
        ) as copy:
            copy.write(buffer.getvalue())
    return len(scored)


@cache
def _engine(url: str) -> Engine:
    """One engine per worker process and database."""
    return make_engine(url)


def _store_partition(
    session: Session, batch: str, id_range: tuple[int, int], run: GradingRun, model: Model
) -> Stored:
    query = (f"SELECT buyer_id, grade, pd FROM staged_scores WHERE batch = '{batch}' "  # noqa: S608
             f"AND buyer_id >= {int(id_range[0])} AND buyer_id < {int(id_range[1])}")
    scored = read_rows(session, query, ["buyer_id", "grade", "pd"],
                       exact_floats=True).set_index("buyer_id")
    return store(session, scored, as_of=run.as_of, version=model.version, run_id=run.id,
                 current=current_grades(session, id_range=id_range))


def _discard(url: str, batch: str) -> None:
    """Remove a failed run's staged scores, which its workers committed."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM staged_scores WHERE batch = :batch"),
                               {"batch": batch})
    finally:
        engine.dispose()
