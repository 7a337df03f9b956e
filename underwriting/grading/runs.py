"""Grading buyers and storing the result: one buyer after its data changes, or all of them in a
batch run. Only what changed is written; every change of grade is kept in the history and
announced through `grade_changed`, which alerts and limit reviews listen to."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable, Sequence
from typing import IO, Any

import pandas as pd
from blinker import signal
from sqlalchemy import text
from sqlalchemy.orm import Session

from buyers_db.imports import ImportReport, import_buyers
from core import audit
from core.actor import Actor, Role
from core.clock import today, utcnow
from underwriting.grading.inputs import read_frame
from underwriting.grading.model import Model, load_model
from underwriting.grading.records import GradingRun
from underwriting.grading.scorecard import score

grade_changed = signal("grade-changed")
"""Sent once per grading with `changes`: a frame of buyer_id, previous_grade, grade, as_of."""

CHUNK = 200_000


def run_grading(
    session: Session, *, actor: Actor, as_of: dt.date, model: Model | None = None
) -> GradingRun:
    """Re-grade every buyer in the database as of `as_of`."""
    actor.require(Role.UNDERWRITER, Role.INSURER_ADMIN)
    model = model or load_model()
    started = time.perf_counter()
    run = GradingRun(model_version=model.version, as_of=as_of, started_by=actor.user_id)
    session.add(run)
    session.flush()
    graded, changed = grade(session, as_of=as_of, model=model, run_id=run.id)
    run.graded, run.changed = graded, changed
    run.seconds = round(time.perf_counter() - started, 3)
    audit.record(session, actor, "grading.run", run, insured_id=None,
                 after={"graded": graded, "changed": changed, "model": model.version})
    return run


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
    current = _current(session, buyer_ids)
    joined = scored.join(current, how="left")
    moved = joined["previous_grade"].isna() | (joined["grade"] != joined["previous_grade"])
    differs = moved | (joined["pd"] != joined["previous_pd"]) | (
        joined["previous_version"] != model.version
    )
    rows = joined.loc[differs].reset_index(names="buyer_id")
    _write_current(session, rows, model.version, as_of, run_id)
    changes = joined.loc[moved].reset_index(names="buyer_id")
    _write_history(session, changes, model.version, as_of, run_id)
    if not changes.empty:
        grade_changed.send(session, changes=changes.assign(as_of=as_of)[
            ["buyer_id", "previous_grade", "grade", "as_of"]])
    return len(scored), int((moved & joined["previous_grade"].notna()).sum())


def _current(session: Session, buyer_ids: Sequence[int] | None) -> pd.DataFrame:
    query = "SELECT buyer_id, grade, pd, model_version FROM buyer_grades"
    if buyer_ids is not None:
        query += " WHERE buyer_id IN (" + (",".join(str(int(i)) for i in buyer_ids) or "NULL") + ")"
    rows = session.execute(text(query)).all()
    frame = pd.DataFrame(rows, columns=["buyer_id", "previous_grade", "previous_pd",
                                        "previous_version"])
    return frame.set_index("buyer_id")


_UPSERT = (
    "INSERT INTO buyer_grades (buyer_id, grade, pd, model_version, as_of, graded_at, run_id) "
    "SELECT buyer_id, grade, pd, model_version, as_of, graded_at, run_id FROM {source} "
    "WHERE true ON CONFLICT (buyer_id) DO UPDATE SET grade = excluded.grade, pd = excluded.pd, "
    "model_version = excluded.model_version, as_of = excluded.as_of, "
    "graded_at = excluded.graded_at, run_id = excluded.run_id"
)
_COLUMNS = ("buyer_id", "grade", "pd", "model_version", "as_of", "graded_at", "run_id")


def _write_current(
    session: Session, rows: pd.DataFrame, version: str, as_of: dt.date, run_id: int | None
) -> None:
    if rows.empty:
        return
    staged = _stage(rows, version, as_of, run_id)[list(_COLUMNS)]
    _bulk(session, "staged_grades", staged, _UPSERT.format(source="staged_grades"))


def _write_history(
    session: Session, changes: pd.DataFrame, version: str, as_of: dt.date, run_id: int | None
) -> None:
    if changes.empty:
        return
    staged = _stage(changes, version, as_of, run_id)
    columns = ("buyer_id", "previous_grade", "grade", "pd", "model_version", "as_of",
               "graded_at", "run_id")
    names = ", ".join(columns)
    _bulk(session, "staged_history", staged[list(columns)],
          f"INSERT INTO grade_history ({names}) SELECT {names} FROM staged_history")  # noqa: S608


def _stage(rows: pd.DataFrame, version: str, as_of: dt.date, run_id: int | None) -> pd.DataFrame:
    staged = rows.copy()
    staged["grade"] = staged["grade"].astype(int)
    if "previous_grade" in staged:
        staged["previous_grade"] = staged["previous_grade"].astype("Int64").astype(object).where(
            staged["previous_grade"].notna(), None)
    staged["model_version"] = version
    staged["as_of"] = as_of.isoformat()
    staged["graded_at"] = utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")
    staged["run_id"] = run_id
    return staged


def _bulk(session: Session, staging: str, rows: pd.DataFrame, merge: str) -> None:
    """Load `rows` into a temporary table with the driver's bulk path, then run `merge`."""
    raw: Any = session.connection().connection.driver_connection
    columns = ", ".join(rows.columns)
    session.execute(text(f"DROP TABLE IF EXISTS {staging}"))
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(f"CREATE TEMP TABLE {staging} ({columns})"))
        marks = ", ".join("?" for _ in rows.columns)
        for start in range(0, len(rows), CHUNK):
            part = rows.iloc[start:start + CHUNK]
            raw.executemany(f"INSERT INTO {staging} VALUES ({marks})",  # noqa: S608
                            part.itertuples(index=False, name=None))
    else:
        session.execute(text(
            f"CREATE TEMP TABLE {staging} AS SELECT {columns} FROM "  # noqa: S608
            f"{'buyer_grades' if 'previous_grade' not in rows else 'grade_history'} WITH NO DATA"
        ))
        buffer = io.StringIO()
        rows.to_csv(buffer, header=False, index=False)
        with raw.cursor() as cursor, cursor.copy(
            f"COPY {staging} ({columns}) FROM STDIN (FORMAT csv)"
        ) as copy:
            copy.write(buffer.getvalue())
    session.execute(text(merge))
    session.execute(text(f"DROP TABLE {staging}"))


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
