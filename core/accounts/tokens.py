"""Bearer tokens: issued once in clear, stored as SHA-256, revocable, optionally expiring."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import String, bindparam, select, update
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import ApiToken, User
from core.actor import Action, Actor, Role
from core.clock import utcnow
from core.errors import NotFound, Unauthenticated

SIGN_IN_TOKEN_LIFETIME = dt.timedelta(hours=12)
BROWSER_SESSION_LIFETIME = dt.timedelta(hours=8)
PERSONAL_TOKEN_DAYS = 90
"""A personal token's life when none is asked for."""
USE_RECORDED_EVERY = dt.timedelta(minutes=1)
"""`last_used_at` is written at most this often, so that busy tokens do not write on every call."""
_PREFIX = "tci_"
BEARER_KINDS = ("session", "personal")
"""Kinds a bearer header may carry: a browser session's key works only in its signed cookie."""
SESSION_KINDS = ("session", "browser")
"""Kinds that a sign-out, a password change or a suspension ends."""
OVERSEE = Action.of("see and revoke the personal API tokens of the users one manages",
                    Role.INSURER_ADMIN, Role.INSURED_ADMIN)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(
    session: Session,
    user: User,
    *,
    kind: str,
    name: str = "",
    lifetime: dt.timedelta | None = SIGN_IN_TOKEN_LIFETIME,
) -> tuple[str, ApiToken]:
    """A new token for `user`: the clear text (shown once) and its stored row."""
    clear = _PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        kind=kind,
        name=name,
        token_hash=_digest(clear),
        prefix=clear[: len(_PREFIX) + 6],
        expires_at=utcnow() + lifetime if lifetime else None,
    )
    session.add(row)
    session.flush()
    return clear, row


def user_for_token(session: Session, clear: str) -> User:
    """The active user a bearer token belongs to, or `Unauthenticated`."""
    return token_in_use(session, clear).user


def token_in_use(
    session: Session, clear: str, kinds: tuple[str, ...] = BEARER_KINDS
) -> ApiToken:
    """The live token row of one of `kinds` whose user is active, or `Unauthenticated`."""
    row = session.scalar(_BY_DIGEST, {"digest": _digest(clear)})
    now = utcnow()
    if row is None or row.kind not in kinds or row.revoked_at is not None or not row.user.active:
        raise Unauthenticated("Invalid or revoked token.")
    if row.expires_at is not None and row.expires_at <= now:
        raise Unauthenticated("Token expired.")
    if row.user.insured is not None and not row.user.insured.active:
        raise Unauthenticated("This insured's access is suspended.")
    return row


def use_to_record(row: ApiToken) -> bool:
    """Whether this use of the token is to be recorded: none was within the last minute."""
    return row.last_used_at is None or utcnow() - row.last_used_at >= USE_RECORDED_EVERY


def record_use(session: Session, token_id: int) -> None:
    """Note that the token was used now, unless a use was noted within the last minute; the
    condition is in the UPDATE, so that concurrent requests write it once. The caller commits,
    in a transaction of its own: the use is bookkeeping, not part of what the request does."""
    now = utcnow()
    session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, (ApiToken.last_used_at.is_(None))
               | (ApiToken.last_used_at < now - USE_RECORDED_EVERY))
        .values(last_used_at=now).execution_options(synchronize_session=False))


# Every API request looks its token up: built once (composing it costs more than running it).
_BY_DIGEST = select(ApiToken).where(ApiToken.token_hash == bindparam("digest", type_=String))


def create_personal_token(
    session: Session, user: User, *, actor: Actor, name: str, expires_in_days: int | None = None
) -> tuple[str, ApiToken]:
    """A personal API token for `user`, audited; the clear text is returned once."""
    lifetime = dt.timedelta(days=expires_in_days or PERSONAL_TOKEN_DAYS)
    clear, row = issue_token(session, user, kind="personal", name=name, lifetime=lifetime)
    audit.record(
        session, actor, "api_token.create", row, insured_id=user.insured_id,
        after={"name": row.name, "prefix": row.prefix, "expires_at": row.expires_at},
    )
    return clear, row


def personal_tokens(session: Session, user_id: int) -> list[ApiToken]:
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.kind == "personal")
        .order_by(ApiToken.id)
    )
    return list(session.scalars(query))


def insured_tokens(session: Session, insured_id: int) -> list[ApiToken]:
    """The personal API tokens of every user of one insured (the caller checks it may look)."""
    query = (
        select(ApiToken).join(ApiToken.user)
        .where(User.insured_id == insured_id, ApiToken.kind == "personal")
        .order_by(ApiToken.id)
    )
    return list(session.scalars(query))


def _may_revoke(row: ApiToken, actor: Actor) -> bool:
    """One's own token; a personal token of a user within reach of one who may `OVERSEE`
    them: any, for the insurer's admin; its own insured's users', for an insured's admin."""
    if row.user_id == actor.user_id:
        return True
    return row.kind == "personal" and OVERSEE.admits(actor) and actor.sees(row.user.insured_id)


def revoke_token(session: Session, token_id: int, *, actor: Actor) -> ApiToken:
    """Revoke a token the actor may revoke (`_may_revoke`); any other is not found."""
    row = session.get(ApiToken, token_id)
    if row is None or not _may_revoke(row, actor):
        raise NotFound("Token not found.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(
            session, actor, "api_token.revoke", row, insured_id=row.user.insured_id,
            before={"revoked_at": None},
            after={"revoked_at": row.revoked_at, "user_id": row.user_id},
        )
    return row


def end_token(session: Session, row: ApiToken) -> None:
    """End one session or session token (a sign-out)."""
    if row.revoked_at is None:
        row.revoked_at = utcnow()


def end_sessions(session: Session, user_id: int, *, keep: int | None = None) -> int:
    """End every live browser session and session token of a user but `keep`; how many."""
    query = update(ApiToken).where(
        ApiToken.user_id == user_id, ApiToken.kind.in_(SESSION_KINDS),
        ApiToken.revoked_at.is_(None))
    if keep is not None:
        query = query.where(ApiToken.id != keep)
    ended = session.execute(query.values(revoked_at=utcnow())
                            .execution_options(synchronize_session="fetch"))
    return int(ended.rowcount)  # type: ignore[attr-defined]
