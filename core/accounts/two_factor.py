"""Two-factor sign-in by TOTP (RFC 6238): enrolment, confirmation, the check at sign-in, turning
it off, and the ten single-use recovery codes.

Enrolment makes a secret that is not asked for until a first code from it confirms it; then
the ten recovery codes are shown once and only their SHA-256 is kept (they are random enough
for a fast digest, like the API tokens). A code is accepted from the step before to the step
after the current one, for clocks a little apart, but never twice: the last step accepted is
moved forward by a compare-and-set UPDATE, so two sign-ins racing with one code do not both
pass, and a recovery code is spent the same way. Every move is audited through the machine.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import pyotp
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import RecoveryCode, TwoFactor, TwoFactorStatus, User
from core.accounts.passwords import verify_password
from core.actor import Actor
from core.clock import utcnow
from core.errors import RuleViolation
from core.states import Machine

ISSUER = "TCI portal"
STEP_SECONDS = 30
DRIFT_STEPS = 1
"""Steps either side of the current one still accepted, for a phone's clock a little off."""
RECOVERY_CODES = 10
WRONG_CODE = "The code is wrong or was already used."

MACHINE = Machine("two_factor", {
    (TwoFactorStatus.OFF, "enrol"): TwoFactorStatus.PENDING,
    (TwoFactorStatus.PENDING, "enrol"): TwoFactorStatus.PENDING,
    (TwoFactorStatus.PENDING, "confirm"): TwoFactorStatus.ON,
    (TwoFactorStatus.ON, "disable"): TwoFactorStatus.OFF,
})


def of(session: Session, user_id: int) -> TwoFactor | None:
    row: TwoFactor | None = session.scalar(select(TwoFactor).where(TwoFactor.user_id == user_id))
    return row


def is_on(session: Session, user_id: int) -> bool:
    row = of(session, user_id)
    return row is not None and row.status is TwoFactorStatus.ON


def otpauth_uri(row: TwoFactor) -> str:
    return pyotp.TOTP(row.secret).provisioning_uri(name=row.user.email, issuer_name=ISSUER)


def enrol(session: Session, user: User, *, actor: Actor) -> TwoFactor:
    """A new secret for `user`, waiting for a first code; an earlier unconfirmed one is
    replaced. Refused (409) while two-factor sign-in is on: it is turned off first."""
    row = of(session, user.id)
    if row is None:
        row = TwoFactor(user_id=user.id, user=user, status=TwoFactorStatus.OFF, secret="")
        session.add(row)
        session.flush()
    MACHINE.check(row, "enrol")
    row.secret = pyotp.random_base32()
    row.last_step = None
    MACHINE.transition(session, row, "enrol", actor=actor)
    return row


def confirm(session: Session, user: User, code: str, *, actor: Actor) -> list[str]:
    """Turn two-factor sign-in on with a first code from the app; the recovery codes, in clear,
    this once."""
    row = of(session, user.id)
    if row is None:
        raise RuleViolation("Start the enrolment first.", fields={"code": ["No enrolment."]})
    MACHINE.check(row, "confirm")
    if not _take_totp(session, row, code):
        raise RuleViolation(WRONG_CODE, fields={"code": [WRONG_CODE]})
    row.confirmed_at = utcnow()
    MACHINE.transition(session, row, "confirm", actor=actor)
    return _new_recovery_codes(session, user.id)


def disable(session: Session, user: User, password: str, *, actor: Actor) -> None:
    """Turn two-factor sign-in off, proven by the password; the recovery codes go with it."""
    row = of(session, user.id)
    if row is None or row.status is not TwoFactorStatus.ON:
        raise RuleViolation("Two-factor sign-in is not on.")
    if not verify_password(user.password_hash, password):
        raise RuleViolation("The password is wrong.", fields={"password": ["Wrong password."]})
    MACHINE.transition(session, row, "disable", actor=actor)
    row.last_step = None
    _drop_recovery_codes(session, user.id)


def second_factor_passes(
    session: Session, user: User, *, totp: str | None, recovery_code: str | None
) -> bool:
    """Whether `totp` or `recovery_code` proves the second factor of `user`, whose two-factor
    sign-in is on; either is spent by passing. The caller commits."""
    row = of(session, user.id)
    if row is None or row.status is not TwoFactorStatus.ON:
        return True
    if totp:
        return _take_totp(session, row, totp)
    if recovery_code and _spend_recovery_code(session, user.id, recovery_code):
        audit.record(session, user.as_actor(), "two_factor.recovery_code_use", row,
                     insured_id=user.insured_id, after={"left": recovery_codes_left(
                         session, user.id)})
        return True
    return False


def recovery_codes_left(session: Session, user_id: int) -> int:
    return len(session.scalars(select(RecoveryCode.id).where(
        RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))).all())


def _take_totp(session: Session, row: TwoFactor, code: str) -> bool:
    """Whether `code` is the code of a step near now not accepted before; if so, it is taken."""
    code = "".join(code.split())
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(row.secret)
    now = int(utcnow().timestamp()) // STEP_SECONDS
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return _move_last_step(session, row, step)
    return False


def _move_last_step(session: Session, row: TwoFactor, step: int) -> bool:
    moved = session.execute(
        update(TwoFactor)
        .where(TwoFactor.id == row.id,
               TwoFactor.last_step.is_(None) | (TwoFactor.last_step < step))
        .values(last_step=step).execution_options(synchronize_session=False))
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        return False  # this step, or a later one, was taken already: a replay
    session.refresh(row, ["last_step"])
    return True


def _digest(code: str) -> str:
    normal = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normal.encode()).hexdigest()


def _new_recovery_codes(session: Session, user_id: int) -> list[str]:
    _drop_recovery_codes(session, user_id)
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(8)  # 64 bits
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}-{raw[12:]}")
    session.add_all(RecoveryCode(user_id=user_id, code_hash=_digest(c)) for c in codes)
    session.flush()
    return codes


def _drop_recovery_codes(session: Session, user_id: int) -> None:
    session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))


def _spend_recovery_code(session: Session, user_id: int, code: str) -> bool:
    if len(code) > 64:
        return False
    spent = session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.code_hash == _digest(code),
               RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    return bool(spent.rowcount == 1)  # type: ignore[attr-defined]
