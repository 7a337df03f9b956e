"""The portfolio report over N active credit limits (default 100,000) held by 50 insureds on
as many graded buyers, read through the API as staff (the insurer's whole portfolio) and as
one insured (its own limits).

Prints the median seconds of the report as JSON and as PDF (English and Chinese), beside the
same run's baseline: the driver's own cursor reading the same active limit rows into a
DataFrame (`fetchall` + `DataFrame.from_records`), which is what any report must pay at least.
Also prints a decision letter's render time in the same process. Limits are written with the
bulk path (`executemany` on SQLite, COPY on PostgreSQL). Targets: JSON under 2 s, PDF under
10 s for 100,000 limits.

    python bench/portfolio_report.py [--limits N] [--runs 3] [--warm-ups 1]
                                     [--database-url postgresql+...] [--smoke]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pandas as pd
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from bench.common import (
    arguments,
    buyer_rows,
    csv_bytes,
    figure,
    fresh_database,
    upkeep,
    write_rows,
)
from bench.letters import seed_limit
from buyers_db.imports import import_buyers
from core.accounts import tokens
from core.accounts.services import create_insured, create_user
from core.actor import SYSTEM, Role
from core.tenancy import Scope, tenant_scope
from portal import create_app
from reports.letters import decision_letter
from underwriting.grading.runs import run_grading
from underwriting.policies.services import create_policy

TODAY = "2026-03-02"
INSUREDS = 50
TARGET_JSON, TARGET_PDF = 2.0, 10.0
LIMIT_COLUMNS = ("policy_id", "buyer_id", "type", "status", "amount", "currency",
                 "effective_from", "updated_at", "insured_id", "created_at")


def seed_world(engine: Engine, limits: int) -> tuple[tuple[str, str], str]:
    """Insureds with one policy each (every fifth in USD), graded buyers; the staff token."""
    with Session(engine) as session, tenant_scope(Scope.everyone()):
        import_buyers(session, io.BytesIO(csv_bytes(buyer_rows(limits))), actor=SYSTEM)
        run_grading(session, actor=SYSTEM, as_of=dt.date.fromisoformat(TODAY))
        session.commit()
    tokens_, policies = seed_insureds(engine)
    write_limits(engine, policies, limits)
    return tokens_, TODAY


def seed_insureds(engine: Engine) -> tuple[tuple[str, str], list[tuple[int, int, str]]]:
    """INSUREDS insureds with one policy each (every fifth in USD), an underwriter and one
    insured's user: their session tokens, and each policy as (insured, policy, currency)."""
    with Session(engine) as session, tenant_scope(Scope.everyone()):
        policies: list[tuple[int, int, str]] = []
        for n in range(INSUREDS):
            insured = create_insured(session, actor=SYSTEM, name=f"Exporter {n} Ltd",
                                     country="DE", registration_number=f"BENCH-{n}")
            policy = create_policy(
                session, actor=SYSTEM, insured_id=insured.id, number=f"BENCH-POL-{n}",
                currency="USD" if n % 5 == 4 else "EUR", start_date=dt.date(2026, 1, 1),
                end_date=dt.date(2026, 12, 31), terms={})
            policies.append((insured.id, policy.id, policy.currency))
        staff = create_user(session, actor=SYSTEM, email="analyst@example.test",
                            password=secrets.token_urlsafe(16), role=Role.UNDERWRITER)
        clear, _row = tokens.issue_token(session, staff, kind="session")
        insured_user = create_user(session, actor=SYSTEM, email="exporter0@example.test",
                                   password=secrets.token_urlsafe(16), role=Role.INSURED_USER,
                                   insured_id=policies[0][0])
        insured_clear, _row = tokens.issue_token(session, insured_user, kind="session")
        session.commit()
    return (clear, insured_clear), policies


def write_limits(engine: Engine, policies: list[tuple[int, int, str]], count: int) -> None:
    """`count` active limits, each insured on distinct buyers, amounts 5,000 to 500,000."""
    rng = np.random.default_rng(11)
    amounts = (rng.integers(1, 100, count) * 5000).tolist()
    now = f"{TODAY} 09:00:00.000000"
    rows = []
    for n in range(count):
        insured_id, policy_id, currency = policies[n % len(policies)]
        rows.append((policy_id, n + 1, "insurer", "active", f"{amounts[n]}.00", currency,
                     TODAY, now, insured_id, now))
    write_rows(engine, "credit_limits", LIMIT_COLUMNS, rows)
    with engine.begin() as connection:  # what a report reads: each limit's version in force
        connection.execute(text(GRANTED))
    # The report as it runs day to day, with the planner's statistics of these rows: written
    # at once, they would otherwise wait for autovacuum, and PostgreSQL planned the report for
    # a third of the rows and spent 0.44 s compiling it (JIT) before running it.
    upkeep(engine, "ANALYZE credit_limits, credit_limit_versions")


GRANTED = (
    "INSERT INTO credit_limit_versions (credit_limit_id, insured_id, amount, effective_from, "
    "change, reason_codes, decided_on, created_at) SELECT l.id, l.insured_id, l.amount, "
    "l.effective_from, 'granted', '[]', l.effective_from, l.created_at FROM credit_limits l "
    "WHERE NOT EXISTS (SELECT 1 FROM credit_limit_versions v WHERE v.credit_limit_id = l.id)"
)
"""A limit is what its versions say (the ledger): one 'granted' version for each limit written
straight into its table, or the report would find no limit in force."""


def raw_read(engine: Engine) -> pd.DataFrame:
    """The baseline: the driver's cursor, the same active limit rows, into a DataFrame."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT id, insured_id, buyer_id, amount, currency FROM credit_limits "
                       "WHERE status = 'active' AND amount > 0")
        return pd.DataFrame.from_records(cursor.fetchall(),
                                         columns=["id", "insured_id", "buyer_id", "amount",
                                                  "currency"])
    finally:
        connection.close()


def median_of(runs: int, warm_ups: int, work: Callable[[], object]) -> float:
    """Median seconds of `runs` timings after `warm_ups` untimed ones."""
    for _ in range(warm_ups):
        work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limits", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm-ups", type=int, default=1, help="untimed runs before each")
    parser.add_argument("--database-url")
    args = arguments(parser, limits=200, runs=1, warm_ups=0, database_url=None)
    os.environ["TCI_TODAY"] = TODAY
    with fresh_database(args.database_url) as engine:
        seeding = time.perf_counter()
        (staff, insured), _day = seed_world(engine, args.limits)
        letter_limit = seed_limit(engine)
        seeded = time.perf_counter() - seeding
        app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False),
                          "SECRET_KEY": "bench"})
        client = app.test_client()

        def get(token: str, query: str) -> bytes:
            answer = client.get(f"/api/v1/reports/portfolio?{query}",
                                headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200, answer.data[:300]
            return answer.data

        def timed(work: Callable[[], object]) -> float:
            return median_of(args.runs, args.warm_ups, work)

        results = {
            "baseline: raw driver read": timed(lambda: raw_read(engine)),
            "report JSON, insurer": timed(lambda: get(staff, "format=json")),
            "report JSON, one insured": timed(lambda: get(insured, "format=json")),
            "report xlsx, insurer": timed(lambda: get(staff, "format=xlsx")),
            "report PDF, insurer, en": timed(lambda: get(staff, "format=pdf")),
            "report PDF, insurer, zh": timed(lambda: get(staff, "format=pdf&lang=zh")),
        }
        with Session(engine) as session, tenant_scope(Scope.everyone()):
            results["decision letter, en"] = timed(lambda: decision_letter(
                session, letter_limit, actor=SYSTEM, lang="en"))
        rows = len(raw_read(engine))
        reported = json.loads(get(staff, "format=json"))["limits"]
        if reported != rows:  # a report of nothing would be fast and measure nothing
            sys.exit(f"the report counts {reported:,} limits in force, not {rows:,}")
    baseline = results["baseline: raw driver read"]
    print(f"database                   {engine.url.get_backend_name()}")
    print(f"active limits              {rows:,} ({INSUREDS} insureds; seeded in {seeded:.1f} s)")
    for label, seconds in results.items():
        print(f"{label:<26} {seconds:7.3f} s  ({seconds / baseline:5.1f}× baseline)")
    json_s = results["report JSON, insurer"]
    pdf_s = max(results["report PDF, insurer, en"], results["report PDF, insurer, zh"])
    figure("JSON", f"{json_s:.2f} s = {json_s / baseline:.1f}× baseline, target under "
                   f"{TARGET_JSON:.0f} s: {'PASS' if json_s < TARGET_JSON else 'FAIL'}")
    figure("PDF", f"{pdf_s:.2f} s = {pdf_s / baseline:.1f}× baseline, target under "
                  f"{TARGET_PDF:.0f} s: {'PASS' if pdf_s < TARGET_PDF else 'FAIL'}")


if __name__ == "__main__":
    main()
