"""Each user's choice, per kind of event, of e-mail at once, a daily digest, or nothing; and
the language their e-mail is written in."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.accounts.models import User
from core.actor import Actor
from core.errors import RuleViolation
from core.outbox import PUBLIC_EVENTS
from notifications.models import Mode, NotificationPreference
from notifications.wording import LANGUAGES


def preferences(session: Session, *, actor: Actor) -> dict[str, str]:
    """Every event of the contract with how the user hears of it (e-mail unless chosen)."""
    chosen = dict(session.execute(
        select(NotificationPreference.event_type, NotificationPreference.mode)
        .where(NotificationPreference.user_id == actor.user_id)).tuples().all())
    return {event.value: Mode(chosen.get(event.value, Mode.EMAIL)).value
            for event in PUBLIC_EVENTS}


def set_preferences(
    session: Session, *, actor: Actor, choices: Mapping[str, str]
) -> dict[str, str]:
    """Set the modes named in `choices`; events not named keep theirs."""
    unknown = sorted(set(choices) - {event.value for event in PUBLIC_EVENTS})
    if unknown:
        raise RuleViolation("Unknown events.", fields={name: ["Unknown event."]
                                                        for name in unknown})
    before = preferences(session, actor=actor)
    for event_type, mode in choices.items():
        row = session.get(NotificationPreference, (actor.user_id, event_type))
        if row is None:
            session.add(NotificationPreference(user_id=actor.user_id, event_type=event_type,
                                               mode=Mode(mode)))
        else:
            row.mode = Mode(mode)
    session.flush()
    after = preferences(session, actor=actor)
    audit.record(session, actor, "notifications.preferences", "NotificationPreference",
                 insured_id=actor.insured_id, before=before, after=after)
    return after


def set_language(session: Session, *, actor: Actor, language: str) -> User:
    """The language of the user's e-mail (and of the pages when the browser does not say)."""
    if language not in LANGUAGES:
        raise RuleViolation("Unknown language.", fields={"language": ["en or zh."]})
    user = session.get(User, actor.user_id)
    assert user is not None
    before = user.locale
    user.locale = language
    audit.record(session, actor, "user.language", user, insured_id=user.insured_id,
                 before={"language": before}, after={"language": language})
    return user
