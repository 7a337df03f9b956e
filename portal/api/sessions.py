"""A user's own sessions: the browser sessions and session tokens its sign-ins opened."""

from __future__ import annotations

from flask import Blueprint, Response
from marshmallow import Schema, fields
from sqlalchemy.orm import Session

from core.accounts import sessions
from core.accounts.models import ApiToken
from core.actor import Actor
from core.fields import Text
from portal.api.endpoint import endpoint
from portal.auth.current import current_token

bp = Blueprint("sessions", __name__, url_prefix="/api/v1")


class SessionSchema(Schema):
    id = fields.Integer()
    kind = Text(metadata={"description": "`browser` (a page sign-in) or `session` (a token "
                                         "from POST /auth/token)"})
    created_at = fields.DateTime()
    last_used_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True)
    current = fields.Function(lambda row: _is_current(row), metadata={
        "description": "The session this request came with", "type": "boolean"})


def _is_current(row: ApiToken) -> bool:
    used = current_token()
    return used is not None and used.id == row.id


@endpoint(bp, "/users/me/sessions", "GET", summary="Your sessions still open, the newest first",
          response=SessionSchema(many=True))
def list_sessions(session: Session, actor: Actor) -> list[ApiToken]:
    assert actor.user_id is not None
    return sessions.live_sessions(session, actor.user_id)


@endpoint(bp, "/users/me/sessions/<int:session_id>/end", "POST",
          summary="End one of your sessions (the one used: a sign-out)", status=204)
def end_session(session: Session, actor: Actor, session_id: int) -> Response:
    sessions.end_own_session(session, session_id, actor=actor)
    return Response(status=204)
