"""Soak: a mixed workload on loopback for a bounded few minutes against gunicorn (2 sync
workers) on PostgreSQL: buyer searches, limit requests, and reads of limits, requests, buyers and
policies, from every demo insured user at once. Printed: requests, error rate, throughput and
p50/p99 per minute and overall, and each worker's memory (RSS) from the first minute to the last.
The first minute is the baseline: the last minute's p99 is printed as a multiple of it.

Holds to: no error at all (every answer 2xx), and no worker's RSS growing more than 10 % from
the end of the first minute to the end of the last (a warm-up of 15 s comes first). Exits 1
otherwise. The load stops by itself after `--duration` seconds. A smoke run (`--smoke`: a few
seconds on SQLite, in periods of 2 s) exits 1 on errors only: its memory says nothing yet.

    python bench/soak.py [--duration 180] [--clients 8]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/tci_soak] [--smoke]
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
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

from bench.common import arguments, figure, fresh_database  # noqa: E402
from bench.server import (  # noqa: E402
    HOST,
    Client,
    demo_clients,
    free_port,
    seed_demo,
    server_env,
    start_gunicorn,
    stop,
    wait_healthy,
)

RSS_GROWTH_ALLOWED = 0.10
WORDS = ("trading", "buyer", "ltd", "gmbh", "trade", "huarui", "nord", "global", "市", "公司")


@dataclass
class Period:
    """What one period of the load (a minute, unless said otherwise) saw."""

    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    rss_kb: dict[int, int] = field(default_factory=dict)  # the last sample in the period

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else 0.0


class Load:
    """Clients on keep-alive connections, each picking its next request from the mix."""

    def __init__(self, port: int, clients: list[Client], buyers: list[int], periods: list[Period],
                 period_seconds: float):
        self.port, self.clients, self.buyers, self.periods = port, clients, buyers, periods
        self.period_seconds = period_seconds
        self.started = time.monotonic()
        self.lock = threading.Lock()
        self.failures: list[str] = []

    def period_at(self, moment: float) -> Period:
        number = int((moment - self.started) // self.period_seconds)
        return self.periods[min(number, len(self.periods) - 1)]

    def request(self, client: Client, rng: random.Random) -> tuple[str, str, str, object]:
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
        period = self.period_at(began)
        with self.lock:
            period.latencies.append(elapsed)
            period.by_kind.setdefault(kind, []).append(elapsed)
            period.statuses[status] += 1
            period.kinds[kind] += 1
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
        load.period_at(time.monotonic()).rss_kb = {pid: _rss_kb(pid) for pid in _workers(master)}
        time.sleep(min(2.0, load.period_seconds / 4))


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


def report(periods: list[Period], seconds: float, length: float, judge_memory: bool) -> bool:
    """Print the periods, the totals and the figures; whether the soak held."""
    unit = "minute" if length == 60 else f"{length:g} s"
    everything = [latency for m in periods for latency in m.latencies]
    errors = sum(m.errors for m in periods)
    print(f"{unit:>6} {'requests':>9} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6}  worker RSS MB")
    for n, m in enumerate(periods, 1):
        rss = ", ".join(f"{kb / 1024:.1f}" for _pid, kb in sorted(m.rss_kb.items()))
        span = min(length, seconds - length * (n - 1))
        print(f"{n:>6} {len(m.latencies):>9} {len(m.latencies) / span:>7.1f} "
              f"{_percentile(m.latencies, 0.5) * 1000:>7.1f} "
              f"{_percentile(m.latencies, 0.99) * 1000:>7.1f} {m.errors:>6}  {rss}")
    for kind in sorted({k for m in periods for k in m.by_kind}):
        first, last = periods[0].by_kind.get(kind, []), periods[-1].by_kind.get(kind, [])
        print(f"  {kind:<14} {sum(len(m.by_kind.get(kind, [])) for m in periods):>6} requests,"
              f" p99 {_percentile(first, 0.99) * 1000:.0f} ms in the first {unit}, "
              f"{_percentile(last, 0.99) * 1000:.0f} ms in the last")
    figure("total", f"{len(everything)} requests in {seconds:g} s: "
                    f"{len(everything) / seconds:.1f} req/s, p99 "
                    f"{_percentile(everything, 0.99) * 1000:.1f} ms, "
                    f"error rate {errors / max(len(everything), 1):.4%}")
    first_p99 = _percentile(periods[0].latencies, 0.99)
    last_p99 = _percentile(periods[-1].latencies, 0.99)
    figure("ratio", f"p99 of the last {unit} = {last_p99 / first_p99 if first_p99 else 0:.2f}× "
                    f"the first {unit}'s")
    start, end = periods[0].rss_kb, periods[-1].rss_kb
    growth = {pid: (end[pid] - start[pid]) / start[pid] for pid in start if pid in end}
    flat = bool(growth) and all(g <= RSS_GROWTH_ALLOWED for g in growth.values())
    verdict = ((" (flat)" if flat else f" (more than {RSS_GROWTH_ALLOWED:.0%}, or a worker died)")
               if judge_memory else " (not judged: too short a run)")
    figure("worker RSS", f"growth first to last {unit}: "
                         + ", ".join(f"{g:+.1%}" for g in growth.values()) + verdict)
    idle = [n for n, m in enumerate(periods, 1) if not m.latencies]
    if idle:
        print(f"no requests at all in period(s) {idle}: the load generator failed")
    return errors == 0 and (flat or not judge_memory) and not idle


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=180,
                        help="seconds of load (at least two periods)")
    parser.add_argument("--period", type=float, default=60, help="seconds per reported period")
    parser.add_argument("--warm-up", type=float, default=15, help="seconds of unmeasured load")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/tci_soak")
    args = arguments(parser, duration=4, period=2, warm_up=1, clients=2, workers=1,
                     database_url=None)
    if args.duration < 2 * args.period:
        parser.error("--duration must be at least two periods: a first and a last")
    if args.database_url:
        _create_database(args.database_url)
    with fresh_database(args.database_url) as engine, tempfile.TemporaryDirectory() as folder:
        url = engine.url.render_as_string(hide_password=False)
        env = server_env(url)
        seed_demo(env)
        port, log = free_port(), Path(folder) / "gunicorn.log"
        server = start_gunicorn(env, port, args.workers, log)
        try:
            wait_healthy(port, server, log)
            ok = _soak(port, server.pid, url, args)
        finally:
            stop(server)
    return 0 if ok else 1


def _soak(port: int, master: int, url: str, args: argparse.Namespace) -> bool:
    clients, buyers = demo_clients(port), _eligible_buyers(url, 3000)
    warm = Load(port, clients, buyers, [Period()], args.period)
    _run(warm, master, args.clients, args.warm_up)
    periods = [Period() for _ in range(int(-(-args.duration // args.period)))]
    load = Load(port, clients, buyers, periods, args.period)
    _run(load, master, args.clients, args.duration)
    for failure in load.failures:
        print("failed:", failure)
    return report(periods, args.duration, args.period, judge_memory=not args.smoke)


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
