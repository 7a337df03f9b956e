"""Re-grade N buyers end to end (default 1,000,000): read them, score, write grades and history.

Prints the seconds of a first run (every grade new), of a second run (nothing changed), and of
the scoring step alone on the same frame, measured in the same run. Target on PostgreSQL: the
end-to-end re-grade under 15 s for a million buyers.

    python bench/regrade.py [--rows N] [--database-url postgresql+psycopg://...] [--reuse] [--smoke]

With --reuse, a PostgreSQL database that a previous run seeded with as many buyers keeps them:
only their grades, history and runs are emptied before the first run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
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
from underwriting.grading.runs import run_grading

AS_OF = dt.date(2026, 6, 30)
TARGET_SECONDS = 15.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    parser.add_argument("--reuse", action="store_true",
                        help="grade the buyers a previous run of as many rows left in the "
                             "PostgreSQL database, rather than importing them again")
    args = arguments(parser, rows=2_000, database_url=None)
    with fresh_database(args.database_url, keep=args.reuse) as engine:
        with Session(engine) as session:
            if (args.reuse and engine.dialect.name == "postgresql"
                    and buyer_count(engine) == args.rows):
                session.execute(text("TRUNCATE buyer_grades, grade_history, grading_runs"))
            else:
                if buyer_count(engine):
                    session.execute(text("TRUNCATE buyers RESTART IDENTITY CASCADE"))
                import_buyers(session, io.BytesIO(csv_bytes(buyer_rows(args.rows))),
                              actor=SYSTEM)
            session.commit()
        timings = {}
        for label in ("first run", "second run"):
            with Session(engine) as session:
                started = time.perf_counter()
                run = run_grading(session, actor=SYSTEM, as_of=AS_OF)
                session.commit()
                timings[label] = (time.perf_counter() - started, run.graded, run.changed)
        with Session(engine) as session:
            read_started = time.perf_counter()
            frame = read_frame(session, AS_OF)
            reading = time.perf_counter() - read_started
        model = load_model()
        scoring = best_of(3, lambda: score(frame, model))
    print(f"database          {engine.url.get_backend_name()}")
    print(f"buyers            {args.rows:,}")
    for label, (seconds, graded, changed) in timings.items():
        print(f"{label:<17} {seconds:.2f} s  ({graded:,} graded, {changed:,} changed, "
              f"{graded / seconds:,.0f} buyers/s)")
    print(f"reading alone     {reading:.2f} s")
    print(f"scoring alone     {scoring:.3f} s  ({args.rows / scoring:,.0f} buyers/s)")
    first = timings["first run"][0]
    figure("ratio", f"end to end = {first / scoring:.1f}× the scoring step")
    verdict = "PASS" if first * 1_000_000 / args.rows < TARGET_SECONDS else "FAIL"
    figure("target", f"under {TARGET_SECONDS:.0f} s per million buyers on PostgreSQL: "
                     f"{first * 1_000_000 / args.rows:.1f} s -> {verdict}")


if __name__ == "__main__":
    main()
