"""Sign-in with throttling: repeated failures for one email slow further attempts down.

Every attempt is counted as a failure before its password is checked, and forgiven when it
proves right: counted after, thirty attempts at once would all pass a check made before any
was counted. The count moves by a compare-and-set UPDATE (it changes the row only if nobody
moved it since it was read), so concurrent attempts neither lose counts nor pass the limit,
and the row is created by an insert that ignores a concurrent twin instead of failing on it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.accounts.models import SignInThrottle, User
from core.accounts.passwords import verify_password
from core.clock import utcnow
from core.errors import TooManyAttempts

FREE_ATTEMPTS = 5
FORGET_AFTER = dt.timedelta(minutes=15)
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_RACES = 100
"""Attempts on one email that may move its count between our read and our update, in a row,
before this one gives up (each such move is a sign-in being counted, so this is a flood)."""


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (the failure is counted).

    Raises `TooManyAttempts` while the email is locked out, without checking the password.
    The caller commits either way, so that failures are remembered.
    """
    email = email.strip().lower()
    _count_attempt(session, email)
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    valid = verify_password(user.password_hash if user else None, password)
    if user is not None and valid and user.active and _insured_active(user):
        session.execute(delete(SignInThrottle).where(SignInThrottle.email == email))
        return user
    return None


def _count_attempt(session: Session, email: str) -> None:
    """Count one more failure for `email`, atomically, unless it is locked out (raised)."""
    _ensure_row(session, email)
    for _ in range(MAX_RACES):
        failures, last = session.execute(
            select(SignInThrottle.failures, SignInThrottle.last_failure_at)
            .where(SignInThrottle.email == email)).one()
        _refuse_while_locked(failures, last)
        now = utcnow()
        counted = 1 if now - last > FORGET_AFTER else failures + 1
        moved = session.execute(
            update(SignInThrottle)
            .where(SignInThrottle.email == email, SignInThrottle.failures == failures,
                   SignInThrottle.last_failure_at == last)
            .values(failures=counted, last_failure_at=now)
            .execution_options(synchronize_session=False))
        if moved.rowcount == 1:  # type: ignore[attr-defined]
            return
    raise TooManyAttempts("Too many sign-ins at once. Try again later.",
                          retry_after_seconds=int(FIRST_DELAY.total_seconds()))


def _ensure_row(session: Session, email: str) -> None:
    """The email's row, with nothing counted yet; a row inserted meanwhile is kept as it is."""
    dialect = session.get_bind().dialect.name
    insert = sqlite_insert if dialect == "sqlite" else postgresql_insert
    session.execute(insert(SignInThrottle).values(
        email=email, failures=0, last_failure_at=utcnow() - FORGET_AFTER - FORGET_AFTER,
    ).on_conflict_do_nothing(index_elements=["email"]))


def _insured_active(user: User) -> bool:
    return user.insured is None or user.insured.active


def _lockout(failures: int) -> dt.timedelta:
    if failures < FREE_ATTEMPTS:
        return dt.timedelta(0)
    delay: dt.timedelta = FIRST_DELAY * 2 ** (failures - FREE_ATTEMPTS)
    return min(delay, FORGET_AFTER)


def _refuse_while_locked(failures: int, last_failure_at: dt.datetime) -> None:
    free_at = last_failure_at + _lockout(failures)
    wait = (free_at - utcnow()).total_seconds()
    if wait > 0:
        raise TooManyAttempts(
            "Too many failed sign-ins. Try again later.", retry_after_seconds=int(wait) + 1
        )
