"""Import N buyer rows from CSV (default 1,000,000) and compare with the raw driver.

The baseline stores the same rows, already parsed, straight through the driver's bulk path into
the same tables (buyers and their statements), with nothing checked or indexed for search:
executemany on SQLite, COPY on PostgreSQL.
Target: the import runs at least half as fast as that baseline.

    python bench/buyer_import.py [--rows N] [--database-url postgresql+psycopg://...] [--smoke]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.orm import Session

from bench.common import arguments, buyer_rows, csv_bytes, figure, fresh_database
from buyers_db.identifiers import registration_key
from buyers_db.import_sql import STATEMENT
from buyers_db.imports import import_buyers
from core.actor import SYSTEM


def raw_insert(engine, rows: list[list[str]]) -> float:
    """Seconds for the driver alone to store the same rows in the same tables (buyers and
    their statements), with nothing checked, normalised or indexed for search."""
    connection = engine.raw_connection()
    sqlite = engine.dialect.name == "sqlite"
    now = "2026-01-01 00:00:00.000000" if sqlite else dt.datetime.now(dt.UTC)
    keys = [registration_key(r[1]) for r in rows]  # parsed already, as the raw rows are
    started = time.perf_counter()
    if sqlite:
        connection.cursor().execute("BEGIN")  # one transaction, as the import has
    buyers = [(n + 1, r[0], r[1], keys[n], r[2], r[2].lower(), r[3] or None, r[4] or None,
               int(r[5]) if r[5] else None, int(r[6]) if r[6] else None, now, now)
              for n, r in enumerate(rows)]
    statements = [(n + 1, int(r[7]), f"{r[7]}-12-31" if sqlite else dt.date(int(r[7]), 12, 31),
                   r[8], *r[9:18], now) for n, r in enumerate(rows) if r[7]]
    _store(connection, sqlite, "buyers", BUYER_COLUMNS, buyers)
    _store(connection, sqlite, "financial_statements", STATEMENT, statements)
    connection.commit()
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


BUYER_COLUMNS = ("id", "country", "registration_number", "registration_key", "name",
                 "search_name", "sector", "city", "founded_year", "employees", "created_at",
                 "updated_at")


def _store(connection, sqlite: bool, table: str, columns, rows) -> None:
    names = ", ".join(columns)
    cursor = connection.cursor()
    if sqlite:
        marks = ", ".join("?" for _ in columns)
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        return
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    args = arguments(parser, rows=2_000, database_url=None)
    rows = buyer_rows(args.rows)
    payload = csv_bytes(rows)
    with fresh_database(args.database_url) as engine:
        baseline = raw_insert(engine, rows)
    with fresh_database(args.database_url) as engine:
        started = time.perf_counter()
        with Session(engine) as session:
            report = import_buyers(session, io.BytesIO(payload), actor=SYSTEM)
            session.commit()
        ours = time.perf_counter() - started
    rate, raw_rate = args.rows / ours, args.rows / baseline
    print(f"database          {engine.url.get_backend_name()}")
    print(
        f"rows              {args.rows:,} ({report.created:,} created, "
        f"{report.statements:,} statements, {report.rejected} rejected)"
    )
    print(f"import            {ours:.2f} s  {rate:,.0f} rows/s")
    print(f"raw driver        {baseline:.2f} s  {raw_rate:,.0f} rows/s")
    ratio = rate / raw_rate
    figure("ratio", f"{ratio:.2f}× the raw driver's rate (target >= 0.50): "
                    f"{'PASS' if ratio >= 0.5 else 'FAIL'}")


if __name__ == "__main__":
    main()
