"""Changing a password, and resetting a forgotten one by a single-use, one-hour link.

A reset key is a token of kind "reset" (stored as its SHA-256 like every other) that expires in
an hour and is revoked when used. Either way the user's other sessions and session tokens end.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core import audit
from core.accounts import tokens
from core.accounts.models import ApiToken, User
from core.accounts.passwords import hash_password, password_problems, verify_password
from core.actor import Actor
from core.clock import utcnow
from core.errors import RuleViolation, Unauthenticated

RESET_LIFETIME = dt.timedelta(hours=1)
BAD_RESET = "This reset link is invalid, used or expired. Ask for a new one."


def _set_password(session: Session, user: User, new_password: str, *, field: str) -> None:
    problems = password_problems(new_password, email=user.email)
    if problems:
        raise RuleViolation("The password is too weak.", fields={field: problems})
    user.password_hash = hash_password(new_password)


def change_password(
    session: Session, user: User, *, actor: Actor, current_password: str, new_password: str,
    keep: int | None,
) -> None:
    """The user's own change, proven by the current password; ends sessions other than `keep`."""
    if not verify_password(user.password_hash, current_password):
        raise RuleViolation("The current password is wrong.",
                            fields={"current_password": ["Wrong password."]})
    _set_password(session, user, new_password, field="new_password")
    tokens.end_sessions(session, user.id, keep=keep)
    audit.record(session, actor, "user.password_change", user, insured_id=user.insured_id)


def request_reset(session: Session, email: str) -> tuple[User, str] | None:
    """A reset key for the active user with this e-mail (earlier keys end), or None."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active or (user.insured is not None and not user.insured.active):
        return None
    _end_reset_keys(session, user.id)
    clear, _row = tokens.issue_token(session, user, kind="reset", lifetime=RESET_LIFETIME)
    return user, clear


def confirm_reset(session: Session, key: str, new_password: str) -> User:
    """Set a new password with a reset key; the key is spent and every session ends."""
    try:
        row = tokens.token_in_use(session, key, kinds=("reset",))
    except Unauthenticated:
        raise RuleViolation(BAD_RESET, fields={"token": [BAD_RESET]}) from None
    user = row.user
    _set_password(session, user, new_password, field="new_password")
    row.revoked_at = utcnow()
    tokens.end_sessions(session, user.id)
    audit.record(session, user.as_actor(), "user.password_reset", user,
                 insured_id=user.insured_id)
    return user


def _end_reset_keys(session: Session, user_id: int) -> None:
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.kind == "reset",
               ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow()).execution_options(synchronize_session=False))
