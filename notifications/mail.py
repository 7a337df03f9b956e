"""E-mail: composed in the reader's language with a plain-text and an HTML part, and sent over
SMTP (`MAIL_URL=smtp://host:port`) or, without a server, written as `.eml` files to open."""

from __future__ import annotations

import html
import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from core.clock import utcnow


@dataclass(frozen=True)
class Letter:
    """One e-mail, as plain data: what the worker composes in a transaction and sends after."""

    to: str
    subject: str
    greeting: str
    lines: list[tuple[str, str]]
    link: str
    link_text: str
    footer: str
    message_id: str
    lang: str


def compose(letter: Letter, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = letter.to
    message["Subject"] = letter.subject
    message["Message-ID"] = letter.message_id
    message["Date"] = format_datetime(utcnow())
    message["Content-Language"] = "zh-Hans" if letter.lang == "zh" else "en"
    message.set_content(_text(letter))
    message.add_alternative(_html(letter), subtype="html")
    return message


def _text(letter: Letter) -> str:
    facts = "\n".join(f"  {name}: {value}" for name, value in letter.lines)
    return (f"{letter.greeting}\n\n{letter.subject}\n\n{facts}\n\n"
            f"{letter.link_text}: {letter.link}\n\n-- \n{letter.footer}\n")


def _html(letter: Letter) -> str:
    e = html.escape
    rows = "".join(f"<tr><th align=\"left\">{e(name)}</th><td>{e(value)}</td></tr>"
                   for name, value in letter.lines)
    lang = "zh-Hans" if letter.lang == "zh" else "en"
    return (f"<!doctype html><html lang=\"{lang}\"><body><p>{e(letter.greeting)}</p>"
            f"<h2>{e(letter.subject)}</h2><table>{rows}</table>"
            f"<p><a href=\"{e(letter.link)}\">{e(letter.link_text)}</a></p>"
            f"<p><small>{e(letter.footer)}</small></p></body></html>")


@dataclass(frozen=True)
class Postbox:
    """Where e-mail goes: an SMTP server, or files under `directory` when there is none."""

    url: str | None
    directory: Path
    sender: str

    def send(self, message: EmailMessage) -> None:
        if not self.url:
            self._write(message)
            return
        parts = urlsplit(self.url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError("MAIL_URL must be smtp://host:port or smtps://host:port.")
        kind = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        with kind(parts.hostname or "localhost", parts.port or 25, timeout=30) as server:
            if parts.username:
                server.login(unquote(parts.username), unquote(parts.password or ""))
            server.send_message(message)

    def _write(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9.-]+", "_", str(message["Message-ID"]).strip("<>"))
        (self.directory / f"{name}.eml").write_bytes(bytes(message))
