"""Limit requests over HTTP: auto-decided requests per second, p50 and p99 latency, under
gunicorn (2 sync workers, loopback), beside a minimal JSON endpoint (GET /healthz, one SELECT 1)
measured the same way in the same run.

A scratch SQLite database gets the demo world (`flask demo seed`: two insureds with a policy in
force each, 10,000 buyers, graded); the demo insured users sign in for bearer tokens; then wrk
POSTs small limit requests (payment terms within the policy's maximum, no comment, each with its
own Idempotency-Key) spread over the buyers graded 1-6 with no legal events, from both insureds.
Without wrk (Debian: `apt-get install wrk`) a slower Python load generator stands in.
Target: at least 300 auto-decided requests per second and p99 under 100 ms.

    python bench/limit_requests.py [--duration 10] [--connections 12] [--amount 5000.00]
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.cli.demo import DEMO_PASSWORD, INSUREDS  # noqa: E402

HOST = "127.0.0.1"
LIMITS_PATH = "/api/v1/limit-requests"
DECIDED = ("approved", "partial", "refused")  # decided at once; "referred" waits for a person
OUTCOMES = (*DECIDED, "referred")
TARGET_RATE, TARGET_P99_MS = 300.0, 100.0


@dataclass
class Client:
    email: str
    token: str
    policy_id: int


@dataclass
class Phase:
    """What one load phase measured."""

    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    statuses: Counter[int] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    socket_errors: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def not_2xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _flask(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,  # noqa: S603
                          check=False)
    if done.returncode != 0:
        sys.exit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _start_gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class",
               "sync", "--bind", f"{HOST}:{port}", "--log-level", "warning", "wsgi:app"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,  # noqa: S603
                                stderr=subprocess.STDOUT, start_new_session=True)


def _stop(server: subprocess.Popen | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # the gunicorn master stops its workers gracefully
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # its own session: only gunicorn and its workers
        server.wait()


def _wait_healthy(port: int, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if _call(port, "GET", "/healthz")[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn never answered /healthz:\n{log.read_text()[-3000:]}")


def _call(port: int, method: str, path: str, body: object = None,
          token: str | None = None) -> tuple[int, object]:
    """One request on a fresh loopback connection: the status and the decoded JSON."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, None if body is None else json.dumps(body), headers)
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read() or b"null")
    finally:
        connection.close()


def _clients(port: int) -> list[Client]:
    """Every demo insured user signed in, each with its insured's policy."""
    clients = []
    for demo in INSUREDS:
        for email, _role, _name in demo.users:
            status, answer = _call(port, "POST", "/api/v1/auth/token",
                                   {"email": email, "password": DEMO_PASSWORD})
            if status != 200 or not isinstance(answer, dict):
                sys.exit(f"sign-in of {email} failed: {status} {answer}")
            token = answer["token"]
            status, policies = _call(port, "GET", "/api/v1/policies", token=token)
            if status != 200 or not isinstance(policies, dict) or not policies["items"]:
                sys.exit(f"{email} sees no policy: {status} {policies}")
            clients.append(Client(email, token, int(policies["items"][0]["id"])))
    return clients


def _eligible_buyers(database: Path) -> list[int]:
    """Buyers the engine can decide alone: graded 1-6, no insolvency or other legal event."""
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT g.buyer_id FROM buyer_grades g WHERE g.grade <= 6 AND NOT EXISTS "
            "(SELECT 1 FROM legal_events e WHERE e.buyer_id = g.buyer_id) ORDER BY g.buyer_id"
        ).fetchall()
    return [row[0] for row in rows]


def _stored_outcomes(database: Path) -> Counter[str]:
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute("SELECT status, count(*) FROM limit_requests GROUP BY status")
        return Counter({str(status).lower(): n for status, n in rows})


# --------------------------------------------------------------------------- wrk

LUA = r"""
-- generated by bench/limit_requests.py
local mode = "%(mode)s"
local path = "%(path)s"
local amount = "%(amount)s"
local terms = %(terms)d
local run = "%(run)s"
local use_key = %(use_key)s
local buyers = {%(buyers)s}
local clients = {%(clients)s}
local outcome_names = {approved = true, partial = true, refused = true, referred = true}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  statuses, outcomes, counter = {}, {}, 0
  math.randomseed(1000 + tid)
end

function request()
  if mode ~= "limits" then
    return wrk.format("GET", path)
  end
  counter = counter + 1
  local client = clients[(counter + tid) %% #clients + 1]
  local body = string.format(
    '{"policy_id":%%d,"buyer_id":%%d,"amount":"%%s","payment_terms_days":%%d}',
    client.policy, buyers[math.random(#buyers)], amount, terms)
  local headers = {["Content-Type"] = "application/json",
                   ["Authorization"] = "Bearer " .. client.token}
  if use_key then
    headers["Idempotency-Key"] = string.format("%%s-%%d-%%d", run, tid, counter)
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "limits" and status == 201 then
    -- the request's own status; a nested credit limit's is "active", not one of these
    for value in string.gmatch(body, '"status":%%s*"(%%a+)"') do
      if outcome_names[value] then
        outcomes[value] = (outcomes[value] or 0) + 1
      end
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests %%d\n", summary.requests))
  io.write(string.format("BENCH duration_us %%d\n", summary.duration))
  io.write(string.format("BENCH p50_us %%d\n", latency:percentile(50)))
  io.write(string.format("BENCH p99_us %%d\n", latency:percentile(99)))
  io.write(string.format("BENCH max_us %%d\n", latency.max))
  io.write(string.format("BENCH socket_errors %%d\n", e.connect + e.read + e.write + e.timeout))
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("BENCH status %%d %%d\n", status, n))
    end
    for outcome, n in pairs(thread:get("outcomes")) do
      io.write(string.format("BENCH outcome %%s %%d\n", outcome, n))
    end
  end
end
"""


def _lua(mode: str, path: str, args: argparse.Namespace, buyers: list[int],
         clients: list[Client]) -> str:
    return LUA % {
        "mode": mode, "path": path, "amount": args.amount, "terms": args.terms_days,
        "run": secrets.token_hex(4), "use_key": "false" if args.no_idempotency_key else "true",
        "buyers": ",".join(map(str, buyers)),
        "clients": ",".join(f'{{token="{c.token}", policy={c.policy_id}}}' for c in clients),
    }


def _run_wrk(name: str, mode: str, path: str, seconds: float, args: argparse.Namespace,
             base: str, folder: Path, buyers: list[int], clients: list[Client]) -> Phase:
    script = folder / f"{mode}.lua"
    script.write_text(_lua(mode, path, args, buyers, clients))
    command = ["wrk", "--threads", str(args.threads), "--connections", str(args.connections),
               "--duration", f"{max(1, round(seconds))}s", "--timeout", "10s", "--latency",
               "--script", str(script), f"{base}{path}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    if args.verbose:
        print(done.stdout)
    figures: dict[str, int] = {}
    statuses: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    for line in done.stdout.splitlines():
        parts = line.split()
        if not parts or parts[0] != "BENCH":
            continue
        if parts[1] == "status":
            statuses[int(parts[2])] += int(parts[3])
        elif parts[1] == "outcome":
            outcomes[parts[2]] += int(parts[3])
        else:
            figures[parts[1]] = int(parts[2])
    return Phase(name, figures["requests"], figures["duration_us"] / 1e6,
                 figures["p50_us"] / 1000, figures["p99_us"] / 1000, figures["max_us"] / 1000,
                 statuses, outcomes, figures["socket_errors"])


# --------------------------------------------------------------------------- Python fallback


def _run_python(name: str, mode: str, path: str, seconds: float, args: argparse.Namespace,
                port: int, buyers: list[int], clients: list[Client]) -> Phase:
    """Threads, each with an http.client connection (re-opened when gunicorn closes it)."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    outcomes: Counter[str] = Counter()
    errors = [0]
    lock = threading.Lock()
    run = secrets.token_hex(4)
    stop_at = time.perf_counter() + seconds

    def work(number: int) -> None:
        rng = random.Random(1000 + number)
        connection = http.client.HTTPConnection(HOST, port, timeout=10)
        mine: list[float] = []
        mine_status: Counter[int] = Counter()
        mine_outcomes: Counter[str] = Counter()
        count = 0
        while time.perf_counter() < stop_at:
            count += 1
            headers: dict[str, str] = {}
            body = None
            if mode == "limits":
                client = clients[(count + number) % len(clients)]
                body = json.dumps({"policy_id": client.policy_id,
                                   "buyer_id": rng.choice(buyers), "amount": args.amount,
                                   "payment_terms_days": args.terms_days})
                headers = {"Content-Type": "application/json",
                           "Authorization": f"Bearer {client.token}"}
                if not args.no_idempotency_key:
                    headers["Idempotency-Key"] = f"{run}-{number}-{count}"
            started = time.perf_counter()
            try:
                connection.request("POST" if mode == "limits" else "GET", path, body, headers)
                answer = connection.getresponse()
                data = answer.read()
            except (OSError, http.client.HTTPException):
                connection.close()
                with lock:
                    errors[0] += 1
                continue
            mine.append(time.perf_counter() - started)
            mine_status[answer.status] += 1
            if mode == "limits" and answer.status == 201:
                mine_outcomes[json.loads(data)["status"]] += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            statuses.update(mine_status)
            outcomes.update(mine_outcomes)

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(n,)) for n in range(args.connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Phase(name, len(latencies), elapsed, statistics.median(ordered) * 1000, p99 * 1000,
                 ordered[-1] * 1000, statuses, outcomes, errors[0])


# --------------------------------------------------------------------------- the run


def _load() -> str:
    return "  ".join(f"{x:.2f}" for x in os.getloadavg())


def _print_phase(phase: Phase) -> None:
    print(f"{phase.name:<22}{phase.rate:8,.0f} req/s  p50 {phase.p50_ms:6.1f} ms  "
          f"p99 {phase.p99_ms:6.1f} ms  max {phase.max_ms:6.1f} ms  "
          f"({phase.requests:,} in {phase.seconds:.1f} s)")
    shown = ", ".join(f"{status}: {n:,}" for status, n in sorted(phase.statuses.items()))
    print(f"{'':<22}statuses {shown or '-'};  non-2xx {phase.not_2xx:,}, "
          f"socket errors {phase.socket_errors:,}")


def _preflight(port: int, clients: list[Client], buyers: list[int], args) -> None:
    """One request per insured, by hand, so that a broken setup says why before any load."""
    for client in {c.policy_id: c for c in clients}.values():
        status, answer = _call(port, "POST", LIMITS_PATH, {
            "policy_id": client.policy_id, "buyer_id": buyers[0], "amount": args.amount,
            "payment_terms_days": args.terms_days}, token=client.token)
        if status != 201 or not isinstance(answer, dict):
            sys.exit(f"a limit request by {client.email} answered {status}: {answer}")
        print(f"preflight             {client.email}: {answer['status']} "
              f"{answer.get('decided_amount')} {answer.get('currency')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="seconds measured per phase")
    parser.add_argument("--warmup", type=float, default=2, help="seconds unmeasured per phase")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--amount", default="5000.00", help="asked per request")
    parser.add_argument("--terms-days", type=int, default=60,
                        help="payment terms (the demo policies allow 90 and 120)")
    parser.add_argument("--no-idempotency-key", action="store_true",
                        help="send no Idempotency-Key header")
    parser.add_argument("--loader", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--verbose", action="store_true", help="show wrk's own report")
    args = parser.parse_args()

    wrk = shutil.which("wrk")
    loader = "python" if args.loader == "python" or (args.loader == "auto" and not wrk) else "wrk"
    if loader == "wrk" and not wrk:
        sys.exit("wrk is not installed (Debian: apt-get install -y wrk).")
    if args.loader == "auto" and not wrk:
        print("wrk is not installed (Debian: apt-get install -y wrk): falling back to a Python "
              "load generator, which shares the CPUs with gunicorn and reads lower.")

    server = None
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as name:
        folder = Path(name)
        database = folder / "bench.sqlite"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
               "SECRET_KEY": secrets.token_urlsafe(32), "TCI_TODAY": dt.date.today().isoformat()}
        env.pop("TCI_ENV", None)
        try:
            started = time.perf_counter()
            _flask(env, "db", "upgrade")
            _flask(env, "demo", "seed")
            buyers = _eligible_buyers(database)
            seeded = _stored_outcomes(database)  # the demo seed makes a few requests of its own
            setup_seconds = time.perf_counter() - started
            port = _free_port()
            base = f"http://{HOST}:{port}"
            log = folder / "gunicorn.log"
            server = _start_gunicorn(env, port, args.workers, log)
            _wait_healthy(port, server, log)
            clients = _clients(port)
            print(f"database              SQLite (scratch), demo seed in {setup_seconds:.1f} s; "
                  f"{len(buyers):,} buyers graded 1-6 without legal events")
            print(f"server                gunicorn, {args.workers} sync workers, {base}")
            workers = (f"{args.threads} threads, {args.connections} connections" if loader == "wrk"
                       else f"{args.connections} threads, one connection each")
            print(f"load                  {loader}, {workers}, {args.warmup:g} s warm-up + "
                  f"{args.duration:g} s per phase")
            print(f"requests              {args.amount} asked, {args.terms_days} days terms, "
                  f"{len(clients)} users of {len({c.policy_id for c in clients})} insureds, "
                  f"Idempotency-Key {'no' if args.no_idempotency_key else 'yes'}")
            print(f"load average before   {_load()} ({os.cpu_count()} CPUs)")
            _preflight(port, clients, buyers, args)

            def phase(name: str, mode: str, path: str) -> Phase:
                for seconds, label in ((args.warmup, "warm-up"), (args.duration, name)):
                    if seconds <= 0:
                        continue
                    if loader == "wrk":
                        measured = _run_wrk(label, mode, path, seconds, args, base, folder,
                                            buyers, clients)
                    else:
                        measured = _run_python(label, mode, path, seconds, args, port, buyers,
                                               clients)
                return measured

            baseline = phase("GET /healthz", "health", "/healthz")
            _print_phase(baseline)
            limits = phase("POST limit-requests", "limits", LIMITS_PATH)
            _print_phase(limits)
            print(f"load average after    {_load()}")
        finally:
            _stop(server)
        stored = _stored_outcomes(database)
        stored.subtract(seeded)

    answered = sum(limits.outcomes.values())
    decided = sum(limits.outcomes[o] for o in DECIDED)
    share = decided / limits.requests if limits.requests else 0.0
    decided_rate = limits.rate * share
    print(f"{'':<22}outcomes " + ", ".join(f"{o} {limits.outcomes[o]:,}" for o in OUTCOMES)
          + f" ({answered:,} answered 201)")
    print(f"{'':<22}stored by this run (preflight and warm-up too): "
          + ", ".join(f"{o} {stored[o]:,}" for o in OUTCOMES))
    print(f"auto-decided          {decided_rate:,.0f} req/s ({share:.1%} of answers)")
    print(f"ratio                 {limits.rate / baseline.rate:.2f} of GET /healthz's rate; "
          f"p99 {limits.p99_ms / baseline.p99_ms:.1f}x its p99")
    rate_ok, p99_ok = decided_rate >= TARGET_RATE, limits.p99_ms < TARGET_P99_MS
    print(f"target                >= {TARGET_RATE:.0f} decided req/s: "
          f"{'PASS' if rate_ok else 'FAIL'};  p99 < {TARGET_P99_MS:.0f} ms: "
          f"{'PASS' if p99_ok else 'FAIL'}  ->  {'PASS' if rate_ok and p99_ok else 'FAIL'}")


if __name__ == "__main__":
    main()
