"""Webhook requests signed as the Standard Webhooks specification says, and where they may go.

A hook's URL must be `https` to a public address, checked when the hook is made and again at
each sending (a name may since point elsewhere); `allow_local` also lets `http` and loopback or
private addresses through, for tests and demonstrations.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import secrets
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from standardwebhooks.webhooks import Webhook as Signer

from core.clock import utcnow
from core.plain import Document, plain

TIMEOUT_SECONDS = 10


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def url_problem(url: str, *, allow_local: bool) -> str | None:
    """Why a hook may not be sent to `url`, or None."""
    parts = urlsplit(url)
    if parts.scheme not in (("https", "http") if allow_local else ("https",)):
        return "The URL must use https." if not allow_local else "The URL must use http(s)."
    if not parts.hostname:
        return "The URL has no host."
    if parts.username or parts.password:
        return "The URL may not carry credentials."
    if allow_local:
        return None
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        return "The host name does not resolve."
    addresses = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found}
    if not addresses or not all(address.is_global for address in addresses):
        return "The URL must point to a public address."
    return None


@dataclass(frozen=True)
class Outcome:
    ok: bool
    response_code: int | None
    error: str | None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer like any other: not followed, not a success


_OPENER = urllib.request.build_opener(_NoRedirects)


def body_of(event_type: str, occurred_at: str, data: Document) -> str:
    return json.dumps({"type": event_type, "timestamp": occurred_at, "data": plain(data)},
                      ensure_ascii=False, separators=(",", ":"))


def post(url: str, secret: str, message_id: str, body: str, *, allow_local: bool) -> Outcome:
    """Send one signed request; a 2xx answer is a delivery, anything else a failure."""
    problem = url_problem(url, allow_local=allow_local)
    if problem:
        return Outcome(False, None, problem)
    sent_at = utcnow()
    headers = {
        "content-type": "application/json",
        "user-agent": "tci-webhooks/1",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": Signer(secret).sign(message_id, sent_at, body),
    }
    # The scheme was checked above (https, or http where local hooks are allowed).
    request = urllib.request.Request(  # noqa: S310
        url, data=body.encode(), headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as answer:
            code = int(answer.status)
    except urllib.error.HTTPError as error:
        return Outcome(False, error.code, f"HTTP {error.code}")
    except (OSError, ValueError) as error:
        return Outcome(False, None, f"{type(error).__name__}: {error}"[:500])
    return Outcome(200 <= code < 300, code, None if 200 <= code < 300 else f"HTTP {code}")
