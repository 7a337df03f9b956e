"""Re-grade N buyers end to end (default 1,000,000): read them, score, write grades and history.

Prints the seconds of a first run (every grade new), of a second run (nothing changed), and of
the scoring step alone on the same frame, measured in the same run. Target on PostgreSQL: the
end-to-end re-grade under 15 s for a million buyers.

    python bench/regrade.py [--rows N] [--database-url postgresql+psycopg://...] [--reuse] [--smoke]

With --reuse, a PostgreSQL database that a previous run seeded with as many buyers keeps them:
only their grades, history and runs are emptied before the first run.

With --cluster N (PostgreSQL only), the same two runs again on a Dask cluster of N worker
processes started on this host (`distributed.LocalCluster`), the grades emptied first, so that
each cluster run prints beside the local run it repeats. On one host the workers share its
cores with the database: the figure shows what the cluster costs, not what more hosts gain.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from bench.common import (
    arguments,
    best_of,
    buyer_count,
    buyer_rows,
    csv_bytes,
    figure,
    fresh_database,
)
from buyers_db.imports import import_buyers
from core.actor import SYSTEM
from underwriting.grading import load_model, score
from underwriting.grading.inputs import read_frame
from underwriting.grading.records import GradingRun
from underwriting.grading.runs import run_grading

AS_OF = dt.date(2026, 6, 30)
EMPTY_GRADES = "TRUNCATE buyer_grades, grade_history, grading_runs"
TARGET_SECONDS = 15.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    parser.add_argument("--cluster", type=int, metavar="N",
                        help="repeat both runs on a local Dask cluster of N worker processes")
    parser.add_argument("--reuse", action="store_true",
                        help="grade the buyers a previous run of as many rows left in the "
                             "PostgreSQL database, rather than importing them again")
    args = arguments(parser, rows=2_000, database_url=None)
    if args.cluster and not (args.database_url or "").startswith("postgresql"):
        parser.error("--cluster needs a PostgreSQL --database-url: workers cannot share SQLite")
    with fresh_database(args.database_url, keep=args.reuse) as engine:
        with Session(engine) as session:
            if (args.reuse and engine.dialect.name == "postgresql"
                    and buyer_count(engine) == args.rows):
                session.execute(text(EMPTY_GRADES))
            else:
                if buyer_count(engine):
                    session.execute(text("TRUNCATE buyers RESTART IDENTITY CASCADE"))
                import_buyers(session, io.BytesIO(csv_bytes(buyer_rows(args.rows))),
                              actor=SYSTEM)
            session.commit()
        timings = {label: _timed(engine, run_grading) for label in ("first run", "second run")}
        if args.cluster:
            timings.update(_on_cluster(engine, args.cluster))
        with Session(engine) as session:
            read_started = time.perf_counter()
            frame = read_frame(session, AS_OF)
            reading = time.perf_counter() - read_started
        model = load_model()
        scoring = best_of(3, lambda: score(frame, model))
    print(f"database          {engine.url.get_backend_name()}")
    print(f"buyers            {args.rows:,}")
    for label, (seconds, graded, changed) in timings.items():
        print(f"{label:<24} {seconds:.2f} s  ({graded:,} graded, {changed:,} changed, "
              f"{graded / seconds:,.0f} buyers/s)")
    print(f"{'reading alone':<24} {reading:.2f} s")
    print(f"{'scoring alone':<24} {scoring:.3f} s  ({args.rows / scoring:,.0f} buyers/s)")
    first = timings["first run"][0]
    figure("ratio", f"end to end = {first / scoring:.1f}× the scoring step")
    if "cluster, first run" in timings:
        figure("cluster", f"first run = {timings['cluster, first run'][0] / first:.2f}× the "
                          "local first run")
    verdict = "PASS" if first * 1_000_000 / args.rows < TARGET_SECONDS else "FAIL"
    figure("target", f"under {TARGET_SECONDS:.0f} s per million buyers on PostgreSQL: "
                     f"{first * 1_000_000 / args.rows:.1f} s -> {verdict}")


def _timed(engine: Engine, grading: Callable[..., GradingRun]) -> tuple[float, int, int]:
    """One re-grade, committed: (seconds, graded, changed)."""
    with Session(engine) as session:
        started = time.perf_counter()
        run = grading(session, actor=SYSTEM, as_of=AS_OF)
        session.commit()
        return time.perf_counter() - started, run.graded, run.changed


def _on_cluster(engine: Engine, workers: int) -> dict[str, tuple[float, int, int]]:
    """Both runs again with `workers` Dask worker processes scoring, every grade new first."""
    from distributed import LocalCluster

    from underwriting.grading.cluster import run_grading_on_cluster

    with Session(engine) as session:
        session.execute(text(EMPTY_GRADES))
        session.commit()
    url = engine.url.render_as_string(hide_password=False)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        on_cluster = functools.partial(run_grading_on_cluster, address=cluster.scheduler_address,
                                       database_url=url)
        return {f"cluster, {label}": _timed(engine, on_cluster)
                for label in ("first run", "second run")}


if __name__ == "__main__":
    main()
