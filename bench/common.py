"""Shared pieces of the benchmarks: their arguments (`--smoke`), how they print their figures,
a fresh migrated database and a synthetic buyer file.

Every `bench/*.py` but the helpers named in HELPERS is a benchmark: it takes `--smoke` (tiny
sizes, a run of seconds on SQLite that proves it still works) and prints its headline figures
through `figure()`, at least one of them a ratio to a baseline measured in the same run, written
with "×". The test suite runs every benchmark's smoke and holds them to that.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import io
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from buyers_db.import_checks import COLUMNS
from core.db import make_engine
from portal.wiring import wire

wire()  # benchmarks drive the services as the platform's own processes do: with every hook

ROOT = Path(__file__).resolve().parents[1]
HELPERS = frozenset({"__init__", "common", "server"})  # modules of bench/ that are no benchmark
FIGURE = "figure:"


def arguments(parser: argparse.ArgumentParser, **smoke: object) -> argparse.Namespace:
    """The command line, where `--smoke` swaps the defaults for the tiny sizes in `smoke`
    (options given explicitly still win). A smoke's figures mean nothing; that it runs does."""
    parser.add_argument("--smoke", action="store_true",
                        help="tiny sizes on SQLite, a few seconds: does the benchmark still run?")
    args = parser.parse_args()
    atexit.register(print_load, "load at end")
    if args.smoke:
        parser.set_defaults(**smoke)
        args = parser.parse_args()
        print(f"smoke run (tiny sizes: {', '.join(f'{k}={v}' for k, v in smoke.items())}): "
              "the figures prove it runs, they measure nothing")
    print_load("load at start")
    return args


def print_load(label: str) -> None:
    """The machine's load average (1, 5, 15 minutes), so that figures can be read in context."""
    one, five, fifteen = os.getloadavg()
    print(f"{label:<17} {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)")


def figure(label: str, text: str) -> None:
    """A headline figure, on a line of its own that starts with FIGURE."""
    print(f"{FIGURE} {label:<20} {text}")


def alembic_config(url: str) -> Config:
    """The migrations' configuration, without loading the portal's command line."""
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    return config


@contextmanager
def fresh_database(url: str | None, *, keep: bool = False) -> Iterator[Engine]:
    """A migrated, empty database: a temporary SQLite file, or the PostgreSQL `url` reset.
    With `keep`, a PostgreSQL database keeps its rows (migrated to the head), for a benchmark
    that can measure again what a previous run seeded."""
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        engine = make_engine(url)
        if engine.dialect.name == "postgresql" and not keep:
            with engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        command.upgrade(alembic_config(url), "head")
        yield engine
        engine.dispose()


def upkeep(engine: Engine, statement: str) -> None:
    """Run PostgreSQL's upkeep (VACUUM, ANALYZE, CHECKPOINT) outside a transaction, as its own
    background workers would have by the time the next figure is taken; SQLite has none."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(statement))


def buyer_rows(count: int, seed: int = 7, first: int = 0) -> list[list[str]]:
    """`count` import rows: varied countries, sectors, names; most with a statement. `first`
    numbers the first row, so that files made in parts name distinct buyers."""
    rng = np.random.default_rng(seed)
    countries = np.array(["DE", "FR", "CN", "US", "IT", "PL", "NL", "GB", "ES", "TR"])
    sectors = np.array(["46.90", "C", "41.20", "49.41", "26.11", "56.10", "62.01", "10.89"])
    revenue = rng.lognormal(15, 1.5, count)
    assets = revenue * rng.uniform(0.4, 1.2, count)
    debt = assets * rng.uniform(0.2, 0.95, count)
    picks, sector_picks = rng.integers(0, 10, count), rng.integers(0, 8, count)
    with_statement = rng.random(count) < 0.85
    rows = []
    for k in range(count):
        n = first + k
        row = [
            countries[picks[k]],
            f"R{n:08d}",
            f"Buyer {n} Trading {n % 997} Ltd",
            sectors[sector_picks[k]],
            "City",
            str(1950 + n % 70),
            str(n % 900),
        ]
        if with_statement[k]:
            a, d, r = assets[k], debt[k], revenue[k]
            row += [
                "2025",
                "EUR",
                f"{r:.2f}",
                f"{r * 0.06:.2f}",
                f"{r * 0.04:.2f}",
                f"{a:.2f}",
                f"{a * 0.5:.2f}",
                f"{d * 0.6:.2f}",
                f"{d:.2f}",
                f"{a - d:.2f}",
                f"{(a - d) * 0.4:.2f}",
            ]
        else:
            row += [""] * 11
        rows.append(row)
    return rows


def buyer_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM buyers")).scalar_one())


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The shortest of `runs` timings, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def write_rows(engine: Engine, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """Rows straight into `table`: COPY on PostgreSQL, one executemany on SQLite."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        names = ", ".join(columns)
        if engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        connection.commit()
    finally:
        connection.close()
