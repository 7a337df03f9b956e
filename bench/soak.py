"""Soak: a mixed workload on loopback for a bounded few minutes against gunicorn (2 sync
workers) on PostgreSQL: buyer searches, limit requests, and reads of limits, requests, buyers and
policies, from every demo insured user at once. Printed: requests, error rate, throughput and
p50/p99 per minute and overall, and each worker's memory (RSS) from the first minute to the last.

Holds to: no error at all (every answer 2xx), and no worker's RSS growing more than 10 % from
the end of the first minute to the end of the last (a warm-up of 15 s comes first). Exits 1
otherwise. The load stops by itself after `--duration` seconds.

    python bench/soak.py [--duration 180] [--clients 8]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/tci_soak]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.common import fresh_database  # noqa: E402
from bench.limit_requests import (  # noqa: E402
    HOST,
    _clients,
    _flask,
    _free_port,
    _start_gunicorn,
    _stop,
    _wait_healthy,
)

WARM_UP = 15.0
RSS_GROWTH_ALLOWED = 0.10
WORDS = ("trading", "buyer", "ltd", "gmbh", "trade", "huarui", "nord", "global", "市", "公司")


@dataclass
class Minute:
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    rss_kb: dict[int, int] = field(default_factory=dict)  # the last sample in the minute

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else 0.0


class Load:
    """Clients on keep-alive connections, each picking its next request from the mix."""

    def __init__(self, port: int, clients: list, buyers: list[int], minutes: list[Minute]):
        self.port, self.clients, self.buyers, self.minutes = port, clients, buyers, minutes
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.failures: list[str] = []

    def request(self, client: object, rng: random.Random) -> tuple[str, str, str, object]:
        roll = rng.random()
        if roll < 0.45:
            return "search", "GET", f"/api/v1/buyers?q={quote(rng.choice(WORDS))}&per_page=20", None
        if roll < 0.65:
            body = {"policy_id": client.policy_id, "buyer_id": rng.choice(self.buyers),
                    "amount": f"{rng.randrange(1, 20) * 1000}.00", "payment_terms_days": 60}
            return "limit request", "POST", "/api/v1/limit-requests", body
        path = rng.choice(["/api/v1/credit-limits?per_page=20", "/api/v1/limit-requests",
                           f"/api/v1/buyers/{rng.choice(self.buyers)}",
                           f"/api/v1/policies/{client.policy_id}"])
        return "read", "GET", path, None

    def run(self, n: int, until: float) -> None:
        rng, client = random.Random(n), self.clients[n % len(self.clients)]
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Authorization": f"Bearer {client.token}", "Content-Type": "application/json"}
        while time.monotonic() < until:
            kind, method, path, body = self.request(client, rng)
            began = time.monotonic()
            try:
                connection.request(method, path, None if body is None else json.dumps(body),
                                   headers)
                answer = connection.getresponse()
                payload = answer.read()
                status = answer.status
            except Exception as error:  # every failure counts, and none ends the load
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
                status, payload = 599, str(error).encode()
            self.record(began, kind, status, method, path, payload)
        connection.close()

    def record(self, began: float, kind: str, status: int, method: str, path: str,
               payload: bytes) -> None:
        elapsed = time.monotonic() - began
        minute = self.minutes[min(int((began - self.started) // 60), len(self.minutes) - 1)]
        with self.lock:
            minute.latencies.append(elapsed)
            minute.by_kind.setdefault(kind, []).append(elapsed)
            minute.statuses[status] += 1
            minute.kinds[kind] += 1
            if not 200 <= status < 300 and len(self.failures) < 10:
                self.failures.append(f"{status} {method} {path}: {payload[:200]!r}")


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _sample_memory(load: Load, master: int, until: float) -> None:
    while time.monotonic() < until:
        minute = load.minutes[min(int((time.monotonic() - load.started) // 60),
                                  len(load.minutes) - 1)]
        minute.rss_kb = {pid: _rss_kb(pid) for pid in _workers(master)}
        time.sleep(2)


def _eligible_buyers(url: str, count: int) -> list[int]:
    from core.db import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT g.buyer_id FROM buyer_grades g WHERE g.grade <= 6 AND NOT EXISTS "
            "(SELECT 1 FROM legal_events e WHERE e.buyer_id = g.buyer_id) "
            "ORDER BY g.buyer_id LIMIT :n"), {"n": count}).scalars().all()
    engine.dispose()
    return list(rows)


def _create_database(url: str) -> None:
    """The soak's own PostgreSQL database, made when missing (the server's others untouched)."""
    from sqlalchemy.engine import make_url

    from core.db import make_engine

    target = make_url(url)
    if target.get_backend_name() != "postgresql":
        return
    server = make_engine(target.set(database="postgres").render_as_string(hide_password=False))
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": target.database}).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    server.dispose()


def report(minutes: list[Minute], seconds: float) -> bool:
    everything = [latency for m in minutes for latency in m.latencies]
    errors = sum(m.errors for m in minutes)
    print(f"{'minute':>6} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6}  worker RSS MB")
    for n, m in enumerate(minutes, 1):
        rss = ", ".join(f"{kb / 1024:.1f}" for _pid, kb in sorted(m.rss_kb.items()))
        span = min(60.0, seconds - 60 * (n - 1))
        print(f"{n:>6} {len(m.latencies):>9} {len(m.latencies) / span:>7.1f} "
              f"{_percentile(m.latencies, 0.5) * 1000:>7.1f} "
              f"{_percentile(m.latencies, 0.99) * 1000:>7.1f} {m.errors:>6}  {rss}")
    print(f"total  {len(everything)} requests in {seconds:.0f} s: "
          f"{len(everything) / seconds:.1f} req/s, p99 {_percentile(everything, 0.99) * 1000:.1f}"
          f" ms, error rate {errors / max(len(everything), 1):.4%}")
    for kind in sorted({k for m in minutes for k in m.by_kind}):
        first, last = minutes[0].by_kind.get(kind, []), minutes[-1].by_kind.get(kind, [])
        print(f"  {kind:<14} {sum(len(m.by_kind.get(kind, [])) for m in minutes):>6} requests,"
              f" p99 {_percentile(first, 0.99) * 1000:.0f} ms in the first minute, "
              f"{_percentile(last, 0.99) * 1000:.0f} ms in the last")
    first, last = minutes[0].rss_kb, minutes[-1].rss_kb
    growth = {pid: (last[pid] - first[pid]) / first[pid] for pid in first if pid in last}
    flat = bool(growth) and all(g <= RSS_GROWTH_ALLOWED for g in growth.values())
    print("worker RSS growth first to last minute: "
          + ", ".join(f"{g:+.1%}" for g in growth.values())
          + (" (flat)" if flat else f" (more than {RSS_GROWTH_ALLOWED:.0%}, or a worker died)"))
    idle = [n for n, m in enumerate(minutes, 1) if not m.latencies]
    if idle:
        print(f"no requests at all in minute(s) {idle}: the load generator failed")
    return errors == 0 and flat and not idle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=180, help="seconds of load (>= 120)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/tci_soak")
    args = parser.parse_args()
    if args.duration < 120:
        parser.error("--duration must be at least 120 s: a first and a last minute")
    _create_database(args.database_url)
    with fresh_database(args.database_url), tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": args.database_url,
               "SECRET_KEY": secrets.token_urlsafe(32), "TCI_TODAY": dt.date.today().isoformat()}
        _flask(env, "demo", "seed")
        port, log = _free_port(), Path(folder) / "gunicorn.log"
        server = _start_gunicorn(env, port, args.workers, log)
        try:
            _wait_healthy(port, server, log)
            ok = _soak(port, server.pid, args)
        finally:
            _stop(server)
    return 0 if ok else 1


def _soak(port: int, master: int, args: argparse.Namespace) -> bool:
    clients, buyers = _clients(port), _eligible_buyers(args.database_url, 3000)
    warm = Load(port, clients, buyers, [Minute()])
    _run(warm, master, args.clients, WARM_UP)
    minutes = [Minute() for _ in range(int(-(-args.duration // 60)))]
    load = Load(port, clients, buyers, minutes)
    _run(load, master, args.clients, args.duration)
    for failure in load.failures:
        print("failed:", failure)
    return report(minutes, args.duration)


def _run(load: Load, master: int, clients: int, seconds: float) -> None:
    until = load.started + seconds
    threads = [threading.Thread(target=load.run, args=(n, until)) for n in range(clients)]
    threads.append(threading.Thread(target=_sample_memory, args=(load, master, until)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


if __name__ == "__main__":
    sys.exit(main())
