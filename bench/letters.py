"""Render N credit-limit decision letters (default 10) in English and in Chinese, in one warm
process, from a limit with a history (granted with reasons and conditions, then reduced).

Prints the median seconds and the size of one letter, beside the same run's baseline: WeasyPrint
rendering a minimal one-line HTML page. What a letter costs above that is its own content: the
template, the fonts (WenQuanYi Micro Hei for Chinese), the database reads.

    python bench/letters.py [--letters N] [--warm-ups 1] [--database-url postgresql+...] [--smoke]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from weasyprint import HTML

from bench.common import arguments, figure, fresh_database
from buyers_db.services import create_buyer
from core.accounts.services import create_insured
from core.actor import SYSTEM
from core.tenancy import Scope, tenant_scope
from reports.letters import decision_letter
from underwriting.limits import changes, grants
from underwriting.policies.services import create_policy

TODAY = "2026-03-02"


def seed_limit(engine: Engine) -> int:
    """One insured, policy and Chinese buyer; a limit granted with conditions, then reduced."""
    with Session(engine) as session, tenant_scope(Scope.everyone()):
        insured = create_insured(session, actor=SYSTEM, name="杭州远航贸易有限公司",
                                 country="CN", registration_number="91330100MA2B")
        policy = create_policy(session, actor=SYSTEM, insured_id=insured.id, number="POL-2026-1",
                               currency="EUR", start_date=dt.date(2026, 1, 1),
                               end_date=dt.date(2026, 12, 31), terms={})
        buyer = create_buyer(session, actor=SYSTEM, country="DE", registration_number="HRB 1",
                             name="上海明华电子有限公司", sector="46.90", city="Hamburg")
        limit = grants.grant(session, policy=policy, buyer_id=buyer.id,
                             amount=Decimal("60000.00"), day=dt.date.fromisoformat(TODAY),
                             conditions=grants.Conditions(45, dt.date(2026, 9, 30)),
                             actor=SYSTEM, request=None, reason_codes=["API", "SPT"])
        changes.reduce_limit(session, limit.id, actor=SYSTEM, amount=Decimal("40000.00"),
                             reason_codes=["RED"])
        session.commit()
        return limit.id


def timed(runs: int, warm_ups: int, render: Callable[[], bytes]) -> tuple[float, int]:
    """Median seconds of `runs` renders after `warm_ups` untimed ones, and the last PDF's size."""
    for _ in range(warm_ups):
        render()
    times, pdf = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=10)
    parser.add_argument("--warm-ups", type=int, default=1, help="untimed renders before each")
    parser.add_argument("--database-url")
    args = arguments(parser, letters=1, warm_ups=0, database_url=None)
    os.environ["TCI_TODAY"] = TODAY
    with fresh_database(args.database_url) as engine:
        limit_id = seed_limit(engine)
        results = {
            "baseline: one-line HTML": timed(args.letters, args.warm_ups, lambda: HTML(
                string="<p>Credit limit decision</p>").write_pdf()),
        }
        with Session(engine) as session, tenant_scope(Scope.everyone()):
            for lang, label in (("en", "letter, English"), ("zh", "letter, Chinese")):
                results[label] = timed(args.letters, args.warm_ups, lambda lang=lang:
                                       decision_letter(session, limit_id, actor=SYSTEM, lang=lang))
    baseline = results["baseline: one-line HTML"][0]
    print(f"database                  {engine.url.get_backend_name()}")
    print(f"letters                   {args.letters} of each, median after {args.warm_ups} "
          "untimed, one process")
    for label, (seconds, size) in results.items():
        line = f"{seconds:.3f} s  {size / 1024:5.1f} KB  ({seconds / baseline:.1f}× baseline)"
        if label.startswith("baseline"):
            print(f"{label:<28} {line}")
        else:
            figure(label, line)


if __name__ == "__main__":
    main()
