"""A user's own sessions: the browser sessions and session tokens that sign-ins opened, listed
and ended by the user (a suspension or a password change ends them all, see `tokens`)."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import ApiToken
from core.accounts.tokens import SESSION_KINDS, end_token
from core.actor import Actor
from core.clock import utcnow
from core.errors import NotFound


def live_sessions(session: Session, user_id: int) -> list[ApiToken]:
    """The user's sessions not ended nor expired, the newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.kind.in_(SESSION_KINDS),
               ApiToken.revoked_at.is_(None),
               or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > utcnow()))
        .order_by(ApiToken.id.desc())
    )
    return list(session.scalars(query))


def end_own_session(session: Session, token_id: int, *, actor: Actor) -> ApiToken:
    """End one of the actor's own sessions; anyone else's, or a personal token, is not found.
    Ending one already ended changes nothing."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != actor.user_id or row.kind not in SESSION_KINDS:
        raise NotFound("Session not found.")
    if row.revoked_at is None:
        end_token(session, row)
        audit.record(
            session, actor, "session.end", row, insured_id=actor.insured_id,
            before={"revoked_at": None}, after={"revoked_at": row.revoked_at, "kind": row.kind},
        )
    return row
