"""Sign-in with throttling: repeated failures for one email slow further attempts down."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.accounts.models import SignInThrottle, User
from core.accounts.passwords import verify_password
from core.clock import utcnow
from core.errors import TooManyAttempts

FREE_ATTEMPTS = 5
FORGET_AFTER = dt.timedelta(minutes=15)
FIRST_DELAY = dt.timedelta(seconds=30)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with these credentials, or None (the failure is counted).

    Raises `TooManyAttempts` while the email is locked out, without checking the password.
    The caller commits either way, so that failures are remembered.
    """
    email = email.strip().lower()
    throttle = session.get(SignInThrottle, email)
    _refuse_while_locked(throttle)
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    valid = verify_password(user.password_hash if user else None, password)
    if user is not None and valid and user.active and _insured_active(user):
        if throttle is not None:
            session.delete(throttle)
        return user
    _count_failure(session, throttle, email)
    return None


def _insured_active(user: User) -> bool:
    return user.insured is None or user.insured.active


def _lockout(failures: int) -> dt.timedelta:
    if failures < FREE_ATTEMPTS:
        return dt.timedelta(0)
    delay: dt.timedelta = FIRST_DELAY * 2 ** (failures - FREE_ATTEMPTS)
    return min(delay, FORGET_AFTER)


def _refuse_while_locked(throttle: SignInThrottle | None) -> None:
    if throttle is None:
        return
    free_at = throttle.last_failure_at + _lockout(throttle.failures)
    wait = (free_at - utcnow()).total_seconds()
    if wait > 0:
        raise TooManyAttempts(
            "Too many failed sign-ins. Try again later.", retry_after_seconds=int(wait) + 1
        )


def _count_failure(session: Session, throttle: SignInThrottle | None, email: str) -> None:
    now = utcnow()
    if throttle is None:
        session.add(SignInThrottle(email=email, failures=1, last_failure_at=now))
        return
    stale = now - throttle.last_failure_at > FORGET_AFTER
    throttle.failures = 1 if stale else throttle.failures + 1
    throttle.last_failure_at = now
