"""Outbox throughput: events delivered per second, each as two e-mails (to a local SMTP sink)
and one signed webhook (to a local HTTP receiver), through the outbox and its worker, beside a
bare loop sending the same messages with no database at all, in the same run.

    python bench/delivery.py [--events 500] [--database-url URL] [--smoke]
"""

from __future__ import annotations

import argparse
import http.server
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bench.common import arguments, figure, fresh_database
from core import outbox
from core.accounts.models import Insured, User
from core.actor import Role
from core.db import make_session_factory
from notifications.fanout import email_id, webhook_id
from notifications.mail import Postbox, compose
from notifications.models import Webhook
from notifications.signing import body_of, new_secret, post
from notifications.worker import Outlets, drain, letter_for

DATA = {"id": 1, "status": "approved", "amount": "50000.00", "currency": "EUR"}


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.count += 1
        return "250 OK"


def _receiver() -> tuple[http.server.ThreadingHTTPServer, list[int]]:
    seen = [0]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            seen[0] += 1
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def seed(engine: Engine, url: str, events: int) -> None:
    with Session(engine) as session:
        insured = Insured(name="Bench GmbH", country="DE", registration_number="HRB 1")
        session.add(insured)
        session.flush()
        for n, role in enumerate((Role.INSURED_ADMIN, Role.INSURED_USER)):
            session.add(User(email=f"u{n}@bench.test", password_hash="!",  # noqa: S106 - signs in never
                             role=role,
                             insured_id=insured.id, locale="zh" if n else "en"))
        session.add(Webhook(insured_id=insured.id, url=url, events=["limit.decided"],
                            secret=new_secret()))
        for n in range(events):
            outbox.record(session, outbox.EventType.LIMIT_DECIDED, insured.id, {**DATA, "id": n},
                          object_type="limit_request", object_id=n)
        session.commit()


def bare_loop(events: int, outlets: Outlets, url: str, secret: str, users: list[User]) -> float:
    """The same messages, composed and sent one after another, with no outbox."""
    started = time.perf_counter()
    for n in range(events):
        event = outbox.OutboxEvent(event_type="limit.decided", object_type="limit_request",
                                   object_id=n, data={**DATA, "id": n})
        for user in users:
            outlets.postbox.send(compose(letter_for(event, user, email_id(n, user.id or 0),
                                                    outlets), outlets.postbox.sender))
        assert post(url, secret, webhook_id(n), body_of("limit.decided", "2026-03-02", event.data),
                    allow_local=True).ok
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--database-url")
    args = arguments(parser, events=5, database_url=None)
    events = args.events
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=_port())
    smtp.start()
    server, seen = _receiver()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    outlets = Outlets(Postbox(f"smtp://127.0.0.1:{smtp.port}", Path("."), "bench@localhost"),
                      "http://localhost:5000", allow_local=True)
    try:
        with fresh_database(args.database_url) as engine:
            seed(engine, url, events)
            started = time.perf_counter()
            done = drain(make_session_factory(engine), outlets)
            through_outbox = time.perf_counter() - started
            backend = engine.url.get_backend_name()
        assert done.delivered == 3 * events and sink.count == 2 * events, (done, sink.count)
        users = [User(id=n + 1, email=f"u{n}@bench.test", locale="zh" if n else "en",
                      full_name="") for n in range(2)]
        bare = bare_loop(events, outlets, url, new_secret(), users)
    finally:
        smtp.stop()
        server.shutdown()
    print(f"database                  {backend}")
    print(f"events                    {events} (2 e-mails and 1 webhook each)")
    print(f"outbox and worker         {events / through_outbox:8.1f} events/s")
    print(f"bare loop, no database    {events / bare:8.1f} events/s")
    figure("ratio", f"{through_outbox / bare:.2f}× the bare loop's time")
    assert seen[0] == 2 * events


if __name__ == "__main__":
    main()
