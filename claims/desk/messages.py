"""Messages on collection cases and claims between the insured's people and the insurer's
staff: written by either side, read by both, in the order they were written, each audited."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from claims.desk.models import Message
from claims.desk.subjects import Subject, subject
from core import audit, outbox
from core.actor import INSURED_ROLES, STAFF_ROLES, Action, Actor, Permission
from core.errors import RuleViolation
from core.outbox import EventType

WRITE = Action.of("write a message on a case or a claim", *INSURED_ROLES, *STAFF_ROLES,
                  broker=Permission.READ)


def write_message(
    session: Session, kind: str, subject_id: int, *, actor: Actor, body: str
) -> Message:
    """A message on the case or claim, kept as written."""
    actor.require(WRITE)
    about = subject(session, kind, subject_id, actor=actor)
    if not body.strip():
        raise RuleViolation("A message says something.", fields={"body": ["Required."]})
    message = Message(**about.columns, body=body, author_id=actor.user_id)
    session.add(message)
    session.flush()
    message_written(session, message, about, actor=actor)
    return message


def message_written(session: Session, message: Message, about: Subject, *, actor: Actor) -> None:
    """Record that `message` was written on `about`: the audit row, in the same transaction.
    This is the one place a message is announced; the notification of the other side (the
    insured's people when staff wrote, the claims handlers when the insured did) is recorded
    here too, beside the audit row."""
    audit.record(session, actor, f"{about.audit_name}.message_written", message,
                 insured_id=about.insured_id,
                 after={f"{about.kind}_id": about.id, "body": message.body})
    outbox.record(session, EventType.MESSAGE_WRITTEN, about.insured_id, {
        f"{about.kind}_id": about.id, "message_id": message.id,
        "from": "insurer" if actor.is_staff else "insured", "excerpt": _excerpt(message.body),
    }, object_type=about.audit_name, object_id=about.id)


EXCERPT = 200


def _excerpt(body: str) -> str:
    """The start of the message, for the e-mail: the whole of it is read in the portal."""
    flat = " ".join(body.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1] + "…"


def messages_query(
    session: Session, kind: str, subject_id: int, *, actor: Actor
) -> Select[tuple[Message]]:
    """The messages on the case or claim, in the order they were written."""
    about = subject(session, kind, subject_id, actor=actor)
    column = Message.case_id if about.kind == "case" else Message.claim_id
    return select(Message).where(column == about.id).order_by(Message.created_at, Message.id)
