"""The platform under load, for the HTTP benchmarks: a scratch database with the demo world,
gunicorn on a loopback port of its own, the demo insured users signed in. No benchmark itself."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ROOT
from portal.cli.demo import DEMO_PASSWORD, INSUREDS

HOST = "127.0.0.1"


@dataclass
class Client:
    email: str
    token: str
    policy_id: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def server_env(url: str) -> dict[str, str]:
    """The environment of the server: the database at `url`, a fresh secret, the real date."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": secrets.token_urlsafe(32),
           "TCI_TODAY": dt.date.today().isoformat()}
    env.pop("TCI_ENV", None)
    return env


def seed_demo(env: dict[str, str]) -> None:
    """`flask demo seed` into the migrated database of `env`, in this process (which has loaded
    the portal already), so that no second interpreter loads it all again."""
    from portal import create_app

    os.environ["TCI_TODAY"] = env["TCI_TODAY"]
    app = create_app({"DATABASE_URL": env["DATABASE_URL"], "SECRET_KEY": env["SECRET_KEY"]})
    done = app.test_cli_runner().invoke(args=["demo", "seed"])
    if done.exit_code != 0:
        sys.exit(f"flask demo seed failed:\n{done.output}\n{done.exception!r}")
    with app.app_context():
        from portal.database import db

        db.engine.dispose()  # nothing of this process stays connected while gunicorn works


def start_gunicorn(env: dict[str, str], port: int, workers: int,
                   log: Path) -> subprocess.Popen[bytes]:
    """gunicorn as a host runs it (its settings file: the app loaded before the workers fork),
    with sync workers and its own log quiet."""
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "--workers",
               str(workers), "--worker-class", "sync", "--bind", f"{HOST}:{port}",
               "--log-level", "warning", "wsgi:app"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,  # noqa: S603
                                stderr=subprocess.STDOUT, start_new_session=True)


def stop(server: subprocess.Popen[bytes] | None) -> None:
    if server is None or server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # the gunicorn master stops its workers gracefully
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # its own session: only gunicorn and its workers
        server.wait()


def wait_healthy(port: int, server: subprocess.Popen[bytes], log: Path,
                 timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if call(port, "GET", "/healthz")[0] == 200:
                return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn never answered /healthz:\n{log.read_text()[-3000:]}")


def call(port: int, method: str, path: str, body: object = None,
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


def demo_clients(port: int) -> list[Client]:
    """Every demo insured user signed in, each with its insured's policy."""
    clients = []
    for demo in INSUREDS:
        for email, _role, _name in demo.users:
            status, answer = call(port, "POST", "/api/v1/auth/token",
                                  {"email": email, "password": DEMO_PASSWORD})
            if status != 200 or not isinstance(answer, dict):
                sys.exit(f"sign-in of {email} failed: {status} {answer}")
            token = answer["token"]
            status, policies = call(port, "GET", "/api/v1/policies", token=token)
            if status != 200 or not isinstance(policies, dict) or not policies["items"]:
                sys.exit(f"{email} sees no policy: {status} {policies}")
            clients.append(Client(email, token, int(policies["items"][0]["id"])))
    return clients
