"""How each headline figure grows with the buyer table: at each size (default 100,000, 1,000,000
and 10,000,000 buyers) the import rate, the re-grade time, the search p99 and the portfolio
report time, then how the cost grows for every ten times the rows.

Each size gets a fresh database: the buyers are imported in files of IMPORT_PART rows (the
import bench's path), graded twice (every grade new, then nothing changed: the nightly case),
searched with the search bench's queries, and given one active limit per LIMIT_EVERY buyers
for the portfolio report bench's JSON report as staff. A cost that grows as the rows do shows
10.0× per 10× rows; search should stay near 1×.

Ten million buyers take hours and some 20 GB of database: choose sizes with `--sizes`.

    python bench/growth.py [--sizes 100000,1000000] [--database-url postgresql+psycopg://...]
                           [--smoke]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import itertools
import logging
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.common import arguments, buyer_rows, csv_bytes, figure, fresh_database, upkeep
from bench.portfolio_report import TODAY, median_of, seed_insureds, write_limits
from bench.search import EXTRA, measure
from buyers_db.imports import import_buyers
from core.actor import SYSTEM
from core.tenancy import Scope, tenant_scope
from portal import create_app
from portal.cli.progress import ProgressBar
from underwriting.grading.runs import run_grading

IMPORT_PART = 250_000
LIMIT_EVERY = 10
FIGURES = {  # label: (unit, how to print one value)
    "import rate": ("rows/s", "{:,.0f}"),
    "import time": ("s", "{:,.1f}"),
    "re-grade, all new": ("s", "{:,.1f}"),
    "re-grade, unchanged": ("s", "{:,.1f}"),
    "search p99 (worst)": ("ms", "{:,.1f}"),
    "portfolio JSON": ("s", "{:,.2f}"),
}
COSTS = ("import time", "re-grade, all new", "re-grade, unchanged", "search p99 (worst)",
         "portfolio JSON")
"""The figures that are costs (more is worse); the import rate is their inverse."""


def import_all(engine: Engine, count: int) -> float:
    """Seconds to import `count` buyers (and the search bench's named ones) in parts."""
    seconds = 0.0
    with ProgressBar("import", count + len(EXTRA)) as bar:
        for first in range(0, count, IMPORT_PART):
            rows = buyer_rows(min(IMPORT_PART, count - first), seed=first, first=first)
            if first + IMPORT_PART >= count:
                rows += [[*extra, "C", "", "", "", *[""] * 11] for extra in EXTRA]
            payload = csv_bytes(rows)
            started = time.perf_counter()
            with Session(engine) as session:
                import_buyers(session, io.BytesIO(payload), actor=SYSTEM)
                session.commit()
            seconds += time.perf_counter() - started
            bar.advance(len(rows))
    return seconds


def regrade(engine: Engine, count: int, label: str) -> float:
    with ProgressBar(label, count + len(EXTRA), unit="buyers") as bar, Session(engine) as session:
        started = time.perf_counter()
        run_grading(session, actor=SYSTEM, as_of=dt.date.fromisoformat(TODAY), on_progress=bar)
        session.commit()
        return time.perf_counter() - started


def search_p99(engine: Engine, count: int) -> float:
    """The worst p99 among the search bench's queries, in ms (the query is printed). On
    PostgreSQL a checkpoint first writes out what the re-grades left dirty (twenty million rows
    at ten million buyers), as a database has done by the time its next searches come: else
    the searches are timed beside that write-back."""
    upkeep(engine, "CHECKPOINT")
    with Session(engine) as session:
        _key, measured = measure(session, max(count // 2, 1))
    worst, query = max((times[-1], query) for query, times, _found in measured)
    print(f"search: slowest p99 {worst:,.1f} ms for {query!r}")
    return worst


def portfolio_seconds(engine: Engine, count: int, runs: int) -> float:
    (staff, _insured), policies = seed_insureds(engine)
    limits = max(count // LIMIT_EVERY, 1)
    write_limits(engine, policies, limits)
    app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False),
                      "SECRET_KEY": "bench"})
    # The app logs at INFO from here on: a line a report, and the next size's migrations
    for noisy in ("portal.access", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    client = app.test_client()

    def report() -> None:
        answer = client.get("/api/v1/reports/portfolio?format=json",
                            headers={"Authorization": f"Bearer {staff}"})
        assert answer.status_code == 200, answer.data[:300]
        reported = answer.get_json()["limits"]  # a report of nothing measures nothing
        assert reported == limits, f"the report counts {reported:,} limits, not {limits:,}"

    try:
        return median_of(runs, 1, report)
    finally:
        app.extensions["database"].engine.dispose()


def measure_size(url: str | None, count: int, runs: int) -> dict[str, float]:
    print(f"\n{count:,} buyers")
    with fresh_database(url) as engine, tenant_scope(Scope.everyone()):
        imported = import_all(engine, count)
        figures = {"import time": imported, "import rate": (count + len(EXTRA)) / imported,
                   "re-grade, all new": regrade(engine, count, "re-grade, all new"),
                   "re-grade, unchanged": regrade(engine, count, "re-grade, unchanged"),
                   "search p99 (worst)": search_p99(engine, count),
                   "portfolio JSON": portfolio_seconds(engine, count, runs)}
    for label, (unit, shown) in FIGURES.items():
        print(f"  {label:<20} {shown.format(figures[label]):>12} {unit}")
    return figures


def per_tenfold(small: tuple[int, float], large: tuple[int, float]) -> float:
    """How many times the cost grows for ten times the rows, between two sizes."""
    (rows_a, cost_a), (rows_b, cost_b) = small, large
    return float((cost_b / cost_a) ** (1 / math.log10(rows_b / rows_a)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000,10000000",
                        help="buyer counts, comma-separated, smallest first")
    parser.add_argument("--runs", type=int, default=3, help="timed portfolio reports per size")
    parser.add_argument("--database-url")
    args = arguments(parser, sizes="300,3000", runs=1, database_url=None)
    sizes = sorted({int(size.replace("_", "")) for size in args.sizes.split(",")})
    if len(sizes) < 2 or sizes[0] < 1:
        parser.error("--sizes needs at least two positive buyer counts")
    os.environ["TCI_TODAY"] = TODAY
    print(f"database          {'postgresql' if args.database_url else 'sqlite'}; "
          f"sizes {', '.join(f'{size:,}' for size in sizes)} buyers")
    results = {size: measure_size(args.database_url, size, args.runs) for size in sizes}
    print("\ngrowth per 10× rows (10.0× grows as the rows do; 1.0× does not grow)")
    for label in COSTS:
        shown = ", ".join(
            f"{a:,}→{b:,}: {per_tenfold((a, results[a][label]), (b, results[b][label])):.1f}×"
            for a, b in itertools.pairwise(sizes))
        figure(label, f"{shown} per 10× rows")


if __name__ == "__main__":
    main()
