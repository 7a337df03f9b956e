"""Sign-in with throttling: repeated failures for one email from one source address slow
further attempts on that pair down, with delays that grow, never a lock of the account alone:
its owner signing in from another address is not held up by somebody guessing elsewhere. A
second, more lenient count per source address slows down one address trying many accounts.
Rows are keyed by a digest of what they count, so no e-mail address is kept in clear.

Every attempt is counted as a failure before its password is checked, and forgiven when it
proves right: counted after, thirty attempts at once would all pass a check made before any
was counted. The count moves by a compare-and-set UPDATE (it changes the row only if nobody
moved it since it was read), so concurrent attempts neither lose counts nor pass the limit,
and the row is created by an insert that ignores a concurrent twin instead of failing on it.

With two-factor sign-in on, an attempt is forgiven only when the code passes too: a right
password alone leaves the failure counted, so codes cannot be guessed between the password's
successes, and a wrong code counts like a wrong password.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from core.accounts import two_factor
from core.accounts.models import SignInThrottle, User
from core.accounts.passwords import verify_password
from core.clock import utcnow
from core.errors import TooManyAttempts, Unauthenticated

FREE_ATTEMPTS = 5
"""Failures allowed for one email from one address before the delays start."""
FREE_PER_ADDRESS = 50
"""Failures allowed from one address over all emails before the delays start."""
FORGET_AFTER = dt.timedelta(minutes=15)
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_RACES = 100
"""Attempts on one email that may move its count between our read and our update, in a row,
before this one gives up (each such move is a sign-in being counted, so this is a flood)."""


def throttle_key(email: str, address: str | None = None) -> str:
    """The row counting failures of `email` from `address`, or of `address` alone."""
    what = f"address\n{address}" if not email else f"account\n{email.strip().lower()}\n{address}"
    return hashlib.sha256(what.encode()).hexdigest()


class SecondFactorRequired(Unauthenticated):
    """The password is right and two-factor sign-in is on, but no code came with it."""

    code = "totp_required"


def authenticate(
    session: Session, email: str, password: str, *, address: str | None = None,
    totp: str | None = None, recovery_code: str | None = None,
) -> User | None:
    """The active user with these credentials, or None (the failure is counted).

    Raises `TooManyAttempts` while this email from this `address` (the request's source),
    or this address as a whole, must wait, without checking the password. With two-factor
    sign-in on, the password alone raises `SecondFactorRequired`, and a wrong `totp` or
    `recovery_code` `Unauthenticated`, both counted as failures. The caller commits either
    way, so that failures are remembered.
    """
    email = email.strip().lower()
    pair = throttle_key(email, address)
    _count_attempt(session, pair, FREE_ATTEMPTS)
    _count_attempt(session, throttle_key("", address), FREE_PER_ADDRESS)
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    valid = verify_password(user.password_hash if user else None, password)
    if user is not None and valid and user.active and _insured_active(user):
        _check_second_factor(session, user, totp, recovery_code)
        session.execute(delete(SignInThrottle).where(SignInThrottle.email == pair))
        return user
    return None


def second_step(session: Session, email: str, code: str, *, address: str | None = None) -> User:
    """The user whose code from the authenticator app, or recovery code, is `code`, in the
    second step of a page's sign-in, once the password passed (the page keeps that in its
    signed cookie for a few minutes). Counted and forgiven like a whole attempt; a wrong code
    raises `Unauthenticated`, and the caller commits either way."""
    email = email.strip().lower()
    pair = throttle_key(email, address)
    _count_attempt(session, pair, FREE_ATTEMPTS)
    _count_attempt(session, throttle_key("", address), FREE_PER_ADDRESS)
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None or not user.active or not _insured_active(user):
        raise Unauthenticated("Sign in again.")
    digits = "".join(code.split())
    if digits.isascii() and digits.isdigit() and len(digits) == 6:
        _check_second_factor(session, user, digits, None)
    else:
        _check_second_factor(session, user, None, code)
    session.execute(delete(SignInThrottle).where(SignInThrottle.email == pair))
    return user


def _check_second_factor(
    session: Session, user: User, totp: str | None, recovery_code: str | None
) -> None:
    if not two_factor.is_on(session, user.id):
        return
    if not totp and not recovery_code:
        raise SecondFactorRequired("Enter the code from your authenticator app, or a recovery "
                                   "code: two-factor sign-in is on for this account.")
    if not two_factor.second_factor_passes(session, user, totp=totp,
                                           recovery_code=recovery_code):
        raise Unauthenticated("Wrong two-factor code, or one already used. Enter the current "
                              "code from your authenticator app, or an unused recovery code.")


def _count_attempt(session: Session, email: str, free: int) -> None:
    """Count one more failure on the row `email` (a key), atomically, unless it must wait."""
    _ensure_row(session, email)
    for _ in range(MAX_RACES):
        failures, last = session.execute(
            select(SignInThrottle.failures, SignInThrottle.last_failure_at)
            .where(SignInThrottle.email == email)).one()
        _refuse_while_locked(failures, last, free)
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


def _lockout(failures: int, free: int) -> dt.timedelta:
    if failures < free:
        return dt.timedelta(0)
    delay: dt.timedelta = FIRST_DELAY * 2 ** min(failures - free, 10)
    return min(delay, FORGET_AFTER)


def _refuse_while_locked(failures: int, last_failure_at: dt.datetime, free: int) -> None:
    free_at = last_failure_at + _lockout(failures, free)
    wait = (free_at - utcnow()).total_seconds()
    if wait > 0:
        raise TooManyAttempts(
            "Too many failed sign-ins. Try again later.", retry_after_seconds=int(wait) + 1
        )
