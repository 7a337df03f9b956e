"""Grading buyers and storing the result: one buyer after its data changes, or all of them in a
batch run. Only what changed is written; every change of grade is kept in the history and
announced through `grade_changed`, which alerts and limit reviews listen to."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

import pandas as pd
from blinker import signal
from sqlalchemy import Date, bindparam, text
from sqlalchemy.orm import Session

from buyers_db.imports import ImportReport, import_buyers
from core import audit
from core.actor import Action, Actor, Role
from core.clock import today, utcnow
from core.db import UtcDateTime
from underwriting.grading.inputs import id_filter, read_experience, read_frame, read_rows
from underwriting.grading.model import Model, load_model
from underwriting.grading.records import GradingRun
from underwriting.grading.scorecard import score

grade_changed = signal("grade-changed")
"""Sent once per grading with `changes`: a frame of buyer_id, previous_grade, grade, as_of."""

CHUNK = 200_000
PARTITION = 250_000
"""Buyer ids per partition of a batch run: bounds the memory of a run, and is a Dask task."""

Progress = Callable[[int], None]
"""Told the number of buyers done so far."""

REGRADE = Action.of("re-grade every buyer", Role.UNDERWRITER, Role.INSURER_ADMIN)


def run_grading(
    session: Session, *, actor: Actor, as_of: dt.date, model: Model | None = None,
    on_progress: Progress | None = None, partition: int = PARTITION,
) -> GradingRun:
    """Re-grade every buyer in the database as of `as_of`, one id range after the other."""
    run, model = start_run(session, actor=actor, as_of=as_of, model=model)
    experience = read_experience(session, as_of)
    results, done = [], 0
    for id_range in partitions(session, partition):
        frame = read_frame(session, as_of, id_range=id_range, experience=experience)
        results.append(store(session, score(frame, model)[["grade", "pd"]], as_of=as_of,
                             version=model.version, run_id=run.id,
                             current=current_grades(session, id_range=id_range)))
        done += len(frame)
        if on_progress is not None:
            on_progress(done)
    return finish_run(session, run, actor, results)


def start_run(
    session: Session, *, actor: Actor, as_of: dt.date, model: Model | None
) -> tuple[GradingRun, Model]:
    """The run's row, for a batch re-grade that `finish_run` will close."""
    actor.require(REGRADE)
    model = model or load_model()
    run = GradingRun(model_version=model.version, as_of=as_of, started_by=actor.user_id,
                     started_at=utcnow())
    session.add(run)
    session.flush()
    return run, model


def finish_run(
    session: Session, run: GradingRun, actor: Actor, results: Sequence[Stored]
) -> GradingRun:
    """Announce the run's grade changes at once, as one grading does, count and audit it."""
    announce(session, [result.changes for result in results], run.as_of)
    run.graded = sum(result.graded for result in results)
    run.changed = sum(result.changed for result in results)
    run.seconds = round((utcnow() - run.started_at).total_seconds(), 3)
    audit.record(session, actor, "grading.run", run, insured_id=None,
                 after={"graded": run.graded, "changed": run.changed,
                        "model": run.model_version})
    return run


def partitions(session: Session, size: int) -> list[tuple[int, int]]:
    """The buyer table as id ranges of at most `size` ids (lowest included, highest not)."""
    low, high = session.execute(text("SELECT MIN(id), MAX(id) FROM buyers")).one()
    if low is None:
        return []
    return [(start, min(start + size, high + 1)) for start in range(low, high + 1, size)]


def grade(
    session: Session,
    *,
    as_of: dt.date,
    buyer_ids: Sequence[int] | None = None,
    model: Model | None = None,
    run_id: int | None = None,
) -> tuple[int, int]:
    """Score buyers (all, or `buyer_ids`) and store what changed; (graded, grades changed)."""
    model = model or load_model()
    scored = score(read_frame(session, as_of, buyer_ids), model)[["grade", "pd"]]
    result = store(session, scored, as_of=as_of, version=model.version, run_id=run_id,
                   current=current_grades(session, buyer_ids))
    announce(session, [result.changes], as_of)
    return result.graded, result.changed


@dataclass(frozen=True)
class Stored:
    """What storing one set of scores did: buyers graded, grades moved (a first grade is no
    move), and the changes to announce."""

    graded: int
    changed: int
    changes: pd.DataFrame


def store(
    session: Session, scored: pd.DataFrame, *, as_of: dt.date, version: str,
    run_id: int | None, current: pd.DataFrame,
) -> Stored:
    """Write the scores (`grade`, `pd` by buyer id) that differ from `current`, and the history
    of the grades that moved. The one way grades are stored, locally and from a cluster."""
    joined = scored.sort_index().join(current, how="left")  # history rows in buyer order
    moved = joined["previous_grade"].isna() | (joined["grade"] != joined["previous_grade"])
    differs = moved | (joined["pd"] != joined["previous_pd"]) | (
        joined["previous_version"] != version
    )
    rows = joined.loc[differs].reset_index(names="buyer_id")
    _write(session, rows.assign(moved=moved[differs].to_numpy()), version, as_of, run_id)
    changes = joined.loc[moved].reset_index(names="buyer_id")
    return Stored(len(scored), int((moved & joined["previous_grade"].notna()).sum()), changes)


def announce(session: Session, parts: Sequence[pd.DataFrame], as_of: dt.date) -> None:
    """Send `grade_changed` once for all the changes, in buyer order."""
    changes = pd.concat([part for part in parts if not part.empty]) if any(
        not part.empty for part in parts) else pd.DataFrame()
    if changes.empty:
        return
    changes = changes.sort_values("buyer_id").reset_index(drop=True)
    grade_changed.send(session, changes=changes.assign(as_of=as_of)[
        ["buyer_id", "previous_grade", "grade", "as_of"]])


def current_grades(
    session: Session, buyer_ids: Sequence[int] | None = None,
    id_range: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """The stored grade, PD and model of buyers (all, `buyer_ids` or ids in `id_range`), read
    through the driver's bulk path: a run compares a million of them with its scores."""
    query = "SELECT buyer_id, grade, pd, model_version FROM buyer_grades WHERE true"
    frame = read_rows(session, query + id_filter(buyer_ids, id_range)("buyer_id"),
                      ["buyer_id", "previous_grade", "previous_pd", "previous_version"],
                      dtype={"previous_version": str}, exact_floats=True)
    return frame.set_index("buyer_id")


_STAGED = ("buyer_id", "grade", "pd", "previous_grade", "moved")
_STAGING = (  # the history's columns (and so its types) that differ by buyer, and whether moved
    "CREATE TEMP TABLE staged_grades AS SELECT buyer_id, grade, pd, previous_grade, "
    "true AS moved FROM grade_history WHERE false"
)
_UPSERT = (  # the run's model, day, time and id are parameters, the same for every row
    "INSERT INTO buyer_grades (buyer_id, grade, pd, model_version, as_of, graded_at, run_id) "
    "SELECT buyer_id, grade, pd, CAST(:version AS VARCHAR(32)), :as_of, :graded_at, "
    "CAST(:run_id AS INTEGER) FROM staged_grades "
    "WHERE true ON CONFLICT (buyer_id) DO UPDATE SET grade = excluded.grade, pd = excluded.pd, "
    "model_version = excluded.model_version, as_of = excluded.as_of, "
    "graded_at = excluded.graded_at, run_id = excluded.run_id"
)
_HISTORY = (
    "INSERT INTO grade_history (buyer_id, previous_grade, grade, pd, model_version, as_of, "
    "graded_at, run_id) SELECT buyer_id, previous_grade, grade, pd, "
    "CAST(:version AS VARCHAR(32)), :as_of, :graded_at, CAST(:run_id AS INTEGER) "
    "FROM staged_grades WHERE moved ORDER BY buyer_id"
)
_RUN_TYPES = (bindparam("as_of", type_=Date), bindparam("graded_at", type_=UtcDateTime))


def _write(
    session: Session, rows: pd.DataFrame, version: str, as_of: dt.date, run_id: int | None
) -> None:
    """The grades that differ, and the history of those that moved: one bulk copy into a
    staging table of what differs by buyer, then two statements in the database that add what
    the whole run shares (history is only ever added)."""
    if rows.empty:
        return
    session.execute(text("DROP TABLE IF EXISTS staged_grades"))
    session.execute(text(_STAGING))
    _copy(session, "staged_grades", _stage(rows))
    run = {"version": version, "as_of": as_of, "graded_at": utcnow(), "run_id": run_id}
    session.execute(text(_UPSERT).bindparams(*_RUN_TYPES), run)
    session.execute(text(_HISTORY).bindparams(*_RUN_TYPES), run)
    session.execute(text("DROP TABLE staged_grades"))


def _stage(rows: pd.DataFrame) -> pd.DataFrame:
    staged = rows[list(_STAGED)].copy()
    staged["grade"] = staged["grade"].astype(int)
    staged["previous_grade"] = staged["previous_grade"].astype("Int64").astype(object).where(
        staged["previous_grade"].notna(), None)
    staged["moved"] = staged["moved"].astype(bool)
    return staged


def _copy(session: Session, table: str, rows: pd.DataFrame) -> None:
    """`rows` into `table` through the driver's bulk path: executemany on SQLite, COPY on
    PostgreSQL."""
    raw: Any = session.connection().connection.driver_connection
    columns = ", ".join(rows.columns)
    if session.get_bind().dialect.name == "sqlite":
        marks = ", ".join("?" for _ in rows.columns)
        for start in range(0, len(rows), CHUNK):
            part = rows.iloc[start:start + CHUNK]
            raw.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                            part.itertuples(index=False, name=None))
        return
    buffer = io.StringIO()
    rows.to_csv(buffer, header=False, index=False)
    with raw.cursor() as cursor, cursor.copy(
        f"COPY {table} ({columns}) FROM STDIN (FORMAT csv)"
    ) as copy:
        copy.write(buffer.getvalue())


def follow_buyer_changes(session: Session, buyer_ids: Sequence[int]) -> None:
    """A buyer's grade follows its data at once, as of the business date (connected to
    `buyer_changed` where the application wires its layers)."""
    grade(session, as_of=today(), buyer_ids=buyer_ids)


def import_and_grade(
    session: Session, source: IO[bytes], *, actor: Actor,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[ImportReport, int, int]:
    """Import a buyer file, then grade what it changed: (report, graded, grades changed)."""
    report = import_buyers(session, source, actor=actor, on_progress=on_progress)
    graded, changed = grade(session, as_of=today())
    return report, graded, changed
