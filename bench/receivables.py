"""The receivables ledger of one policy: N open invoices (default 100,000) over B buyers
(default 5,000), aged at the business date with each buyer's uncovered part and every warning
(deadlines within 14 days, terms over MCT, deliveries after a stop), read the way the API
reads it (`claims.receivables.ledger.ledger_of`: one bulk read, pandas).

Prints the median seconds of the ledger beside the same run's baseline: the driver's own cursor
reading the same rows into a DataFrame and summing them per buyer with one pandas group-by, the
least any ageing must pay. Also the whole API answer (JSON) for the same ledger. Lines and
limits are written with the bulk path (`executemany` on SQLite, COPY on PostgreSQL). Target:
the ledger under 2 s for 100,000 lines over 5,000 buyers.

    python bench/receivables.py [--lines N] [--buyers B] [--runs 3] [--warm-ups 1]
                                [--database-url postgresql+...] [--smoke]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.common import arguments, buyer_rows, csv_bytes, figure, fresh_database, write_rows
from bench.portfolio_report import median_of
from buyers_db.imports import import_buyers
from claims.receivables.ledger import ledger_of
from core.accounts import tokens
from core.accounts.services import create_insured, create_user
from core.actor import SYSTEM, Role
from core.tenancy import Scope, tenant_scope
from portal import create_app
from underwriting.policies.models import Policy
from underwriting.policies.services import create_policy

TODAY = "2026-03-02"
TARGET = 2.0
NOW = f"{TODAY} 09:00:00.000000"
LINE_COLUMNS = ("insured_id", "policy_id", "buyer_id", "invoice_number", "invoice_date",
                "delivery_date", "due_date", "amount", "vat_amount", "uploaded_at")
LIMIT_COLUMNS = ("id", "policy_id", "buyer_id", "type", "status", "amount", "currency",
                 "effective_from", "updated_at", "insured_id", "created_at")
VERSION_COLUMNS = ("credit_limit_id", "amount", "effective_from", "change", "reason_codes",
                   "decided_on", "insured_id", "created_at")


def seed_world(engine: Engine, buyers: int) -> tuple[int, int, str]:
    """One insured with one policy in EUR, `buyers` buyers; (insured, policy, user's token)."""
    with Session(engine) as session, tenant_scope(Scope.everyone()):
        import_buyers(session, io.BytesIO(csv_bytes(buyer_rows(buyers))), actor=SYSTEM)
        insured = create_insured(session, actor=SYSTEM, name="Exporter Ltd", country="DE",
                                 registration_number="BENCH-1")
        policy = create_policy(session, actor=SYSTEM, insured_id=insured.id, number="BENCH-POL",
                               currency="EUR", start_date=dt.date(2026, 1, 1),
                               end_date=dt.date(2026, 12, 31), terms={})
        user = create_user(session, actor=SYSTEM, email="credit@example.test",
                           password=secrets.token_urlsafe(16), role=Role.INSURED_USER,
                           insured_id=insured.id)
        clear, _row = tokens.issue_token(session, user, kind="session")
        session.commit()
        return insured.id, policy.id, clear


def ledger_rows(insured_id: int, policy_id: int, lines: int, buyers: int) -> list[tuple]:
    """Open invoices, most of the last two months and a few up to six months old, on 30 to
    150 days' terms (mostly 30 or 60), 100.00 to 50,000.00."""
    rng = np.random.default_rng(5)
    age = np.minimum(rng.exponential(35, lines), 180).astype("int64")
    issued = np.datetime64(TODAY) - age.astype("timedelta64[D]")
    terms = rng.choice([30, 60, 90, 150], lines, p=[0.5, 0.35, 0.12, 0.03])
    due = issued + terms.astype("timedelta64[D]")
    cents = rng.integers(10_000, 5_000_000, lines)
    return [(insured_id, policy_id, 1 + n % buyers, f"INV-{n:07d}", str(issued[n]),
             str(issued[n]), str(due[n]), f"{cents[n] // 100}.{cents[n] % 100:02d}", "0.00",
             NOW) for n in range(lines)]


def limit_rows(insured_id: int, policy_id: int, buyers: int) -> tuple[list[tuple], list[tuple]]:
    """A limit on four buyers in five from 2 January; one in fifty withdrawn on 1 February."""
    limits, versions = [], []
    for buyer_id in range(1, buyers + 1):
        if buyer_id % 5 == 0:
            continue
        amount = f"{(buyer_id % 40 + 1) * 25_000}.00"
        limits.append((buyer_id, policy_id, buyer_id, "insurer", "active", amount, "EUR",
                       "2026-01-02", NOW, insured_id, NOW))
        versions.append((buyer_id, amount, "2026-01-02", "granted", "[]", "2026-01-02",
                         insured_id, NOW))
        if buyer_id % 50 == 1:
            versions.append((buyer_id, "0.00", "2026-02-01", "withdrawn", "[]", "2026-02-01",
                             insured_id, NOW))
    return limits, versions


def bare_group_by(engine: Engine, policy_id: int) -> pd.Series:
    """The baseline: the driver's cursor reads the same lines, pandas sums them per buyer."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute("SELECT buyer_id, due_date, amount FROM receivable_lines "
                       f"WHERE policy_id = {int(policy_id)}")
        frame = pd.DataFrame.from_records(cursor.fetchall(),
                                          columns=["buyer_id", "due_date", "amount"])
        return frame.groupby("buyer_id")["amount"].sum()
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--buyers", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm-ups", type=int, default=1, help="untimed runs before each")
    parser.add_argument("--database-url")
    args = arguments(parser, lines=2_000, buyers=100, runs=1, warm_ups=0, database_url=None)
    os.environ["TCI_TODAY"] = TODAY
    as_of = dt.date.fromisoformat(TODAY)
    with fresh_database(args.database_url) as engine:
        seeding = time.perf_counter()
        insured_id, policy_id, token = seed_world(engine, args.buyers)
        limits, versions = limit_rows(insured_id, policy_id, args.buyers)
        write_rows(engine, "credit_limits", LIMIT_COLUMNS, limits)
        write_rows(engine, "credit_limit_versions", VERSION_COLUMNS, versions)
        write_rows(engine, "receivable_lines", LINE_COLUMNS,
              ledger_rows(insured_id, policy_id, args.lines, args.buyers))
        seeded = time.perf_counter() - seeding
        app = create_app({"DATABASE_URL": engine.url.render_as_string(hide_password=False),
                          "SECRET_KEY": "bench"})
        client = app.test_client()

        def answer() -> bytes:
            got = client.get(f"/api/v1/policies/{policy_id}/receivables",
                             headers={"Authorization": f"Bearer {token}"})
            assert got.status_code == 200, got.data[:300]
            return got.data

        with Session(engine) as session, tenant_scope(Scope.insured(insured_id)):
            policy = session.get(Policy, policy_id)
            assert policy is not None
            ledger = ledger_of(session, policy, as_of)
            baseline = median_of(args.runs, args.warm_ups,
                                 lambda: bare_group_by(engine, policy_id))
            computed = median_of(args.runs, args.warm_ups,
                                 lambda: ledger_of(session, policy, as_of))
        served = median_of(args.runs, args.warm_ups, answer)
    warned = sum(len(entry.warnings) for entry in ledger.buyers)
    print(f"database                   {engine.url.get_backend_name()}")
    print(f"open invoices              {args.lines:,} over {len(ledger.buyers):,} buyers "
          f"(seeded in {seeded:.1f} s); {warned:,} warnings")
    for label, seconds in (("baseline: bare group-by", baseline), ("ledger (ageing, "
                           "warnings)", computed), ("API answer (JSON)", served)):
        print(f"{label:<26} {seconds:7.3f} s  ({seconds / baseline:5.1f}× baseline)")
    figure("ledger", f"{computed:.2f} s = {computed / baseline:.1f}× baseline, target under "
                     f"{TARGET:.0f} s: {'PASS' if computed < TARGET else 'FAIL'}")
    figure("API answer", f"{served:.2f} s = {served / baseline:.1f}× baseline")


if __name__ == "__main__":
    main()
