"""A real SMTP server and a real HTTP receiver on loopback, and an app that sends to them."""

from __future__ import annotations

import email
import email.policy
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import Connection

from notifications.worker import Round, drain
from portal import create_app
from portal.notify import outlets


class PostOffice:
    """An SMTP server that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(  # type: ignore[arg-type]
            envelope.content, policy=email.policy.default))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@dataclass
class Receiver:
    """An HTTP endpoint that records each request, answering from `answers` first, then 204."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _headers, body in self.received]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def post_office() -> Iterator[PostOffice]:
    office = PostOffice()
    controller = Controller(office, hostname="127.0.0.1", port=_free_port())
    controller.start()
    office.port = controller.port  # type: ignore[attr-defined]
    yield office
    controller.stop()


def _receiver(path: str) -> Iterator[Receiver]:
    receiver = Receiver()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(receiver.answers.pop(0) if receiver.answers else 204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from _receiver("/hooks/a")


@pytest.fixture
def other_receiver() -> Iterator[Receiver]:
    yield from _receiver("/hooks/b")


@pytest.fixture
def insurer_receiver() -> Iterator[Receiver]:
    yield from _receiver("/hooks/insurer")


@pytest.fixture
def app(connection: Connection, database_url: str, tmp_path: Path,
        post_office: PostOffice) -> Flask:
    return create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
        "DATABASE_CONNECTION": connection, "WEBHOOKS_ALLOW_LOCAL": True,
        "MAIL_URL": f"smtp://127.0.0.1:{post_office.port}",  # type: ignore[attr-defined]
        "MAIL_DIR": str(tmp_path / "mail"), "PUBLIC_URL": "https://tci.example",
    })


def deliver(app: Flask, **kwargs: Any) -> Round:
    """What the worker does on its next rounds, here and now."""
    with app.app_context():
        return drain(app.extensions["database"].factory, outlets(app), **kwargs)
