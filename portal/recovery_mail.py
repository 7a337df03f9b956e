"""The password reset e-mail, sent by the notifications mailer once the key is committed.

It is sent from a thread of its own, so that the answer takes as long whether or not the
e-mail belongs to a user (the answer is 202 either way and must not tell which)."""

from __future__ import annotations

import logging
import secrets
import threading
from urllib.parse import urlencode

from flask import Flask, Response, after_this_request, current_app

from core.accounts.models import User
from core.catalogue import Words
from notifications.mail import Letter, compose
from portal.notify import outlets

log = logging.getLogger(__name__)

WORDING = Words("password reset", (
    "Reset your TCI portal password", "Hello,",
    "Someone asked to reset the password of this account. If it was not you, ignore this "
    "e-mail: the password stays as it is.", "Valid for", "one hour, once",
    "Choose a new password",
))


def reset_letter(user: User, key: str, public_url: str) -> Letter:
    lang = "zh" if (user.locale or "").startswith("zh") else "en"
    subject, greeting, footer, valid, how_long, link_text = WORDING[lang]
    link = f"{public_url.rstrip('/')}/password-reset/confirm?{urlencode({'token': key})}"
    return Letter(to=user.email, subject=subject, greeting=greeting, lines=[(valid, how_long)],
                  link=link, link_text=link_text, footer=footer,
                  message_id=f"<reset.{secrets.token_hex(12)}@tci>", lang=lang)


def send_after_commit(letter: Letter | None) -> None:
    """Send `letter` once the request is answered (and its key committed); None sends nothing."""
    if letter is None:
        return
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]

    @after_this_request
    def _send(answer: Response) -> Response:
        threading.Thread(target=_deliver, args=(app, letter), daemon=True).start()
        return answer


def _deliver(app: Flask, letter: Letter) -> None:
    postbox = outlets(app).postbox
    try:
        postbox.send(compose(letter, postbox.sender))
    except Exception:  # a mail server down must not take the thread's error nowhere
        log.exception("The password reset e-mail to user could not be sent")
