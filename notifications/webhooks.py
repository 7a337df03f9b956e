"""Webhooks: an insured admin's hooks carry that insured's events only; an insurer admin's
hooks are the insurer's feed of every insured's. The secret is shown once, when made."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, select, update
from sqlalchemy.orm import Session

from core import audit
from core.actor import Action, Actor, Role
from core.clock import utcnow
from core.errors import InvalidTransition, NotFound, RuleViolation
from core.outbox import PUBLIC_EVENTS
from notifications.models import Delivery, DeliveryStatus, Webhook
from notifications.signing import new_secret, url_problem

MAX_HOOKS = 20

MANAGE = Action.of("manage a feed's webhooks", Role.INSURED_ADMIN, Role.INSURER_ADMIN)


def create_hook(
    session: Session, *, actor: Actor, url: str, events: list[str], allow_local: bool
) -> Webhook:
    """A new hook on the actor's feed: its insured's, or the insurer's for an insurer admin."""
    actor.require(MANAGE)
    problem = url_problem(url, allow_local=allow_local)
    if problem:
        raise RuleViolation("This URL cannot receive webhooks.", fields={"url": [problem]})
    unknown = sorted(set(events) - {event.value for event in PUBLIC_EVENTS})
    if unknown or not events:
        raise RuleViolation("Name the events to send.", fields={"events": [
            f"Unknown: {', '.join(unknown)}." if unknown else "At least one."]})
    if len(session.scalars(hooks_query(actor)).all()) >= MAX_HOOKS:
        raise RuleViolation(f"At most {MAX_HOOKS} webhooks.", fields={"url": ["Too many."]})
    hook = Webhook(insured_id=actor.insured_id, url=url, events=sorted(set(events)),
                   secret=new_secret(), created_by=actor.user_id)
    session.add(hook)
    audit.record(session, actor, "webhook.create", hook, insured_id=actor.insured_id,
                 after={"url": url, "events": hook.events})
    return hook


def hooks_query(actor: Actor) -> Select[tuple[Webhook]]:
    """The hooks of the actor's feed that are not deleted."""
    return select(Webhook).where(Webhook.deleted_at.is_(None), _feed(actor)).order_by(Webhook.id)


def _feed(actor: Actor) -> ColumnElement[bool]:
    if actor.insured_id is not None:
        return Webhook.insured_id == actor.insured_id
    return Webhook.insured_id.is_(None)


def get_hook(session: Session, hook_id: int, *, actor: Actor) -> Webhook:
    """One hook of the actor's feed; another insured's (or feed's) is not found."""
    actor.require(MANAGE)
    hook = session.scalar(hooks_query(actor).where(Webhook.id == hook_id))
    if hook is None:
        raise NotFound("Webhook not found.")
    return hook


def delete_hook(session: Session, hook_id: int, *, actor: Actor) -> None:
    """Stop the hook; what it was still to be sent is given up."""
    hook = get_hook(session, hook_id, actor=actor)
    hook.deleted_at, hook.active = utcnow(), False
    session.execute(update(Delivery).where(
        Delivery.webhook_id == hook.id, Delivery.status == DeliveryStatus.PENDING,
    ).values(status=DeliveryStatus.FAILED, error="The webhook was deleted.")
        .execution_options(synchronize_session="fetch"))
    audit.record(session, actor, "webhook.delete", hook, insured_id=hook.insured_id,
                 before={"url": hook.url, "events": hook.events})


def deliveries_query(hook: Webhook) -> Select[tuple[Delivery]]:
    """The hook's delivery log, latest first."""
    return (select(Delivery).where(Delivery.webhook_id == hook.id)
            .order_by(Delivery.id.desc()))


def redeliver(session: Session, hook_id: int, delivery_id: int, *, actor: Actor) -> Delivery:
    """Send one message again, at once, with the same id (the receiver can tell a repeat)."""
    hook = get_hook(session, hook_id, actor=actor)
    if not hook.active:
        raise InvalidTransition("This webhook is disabled: create it again to use it.")
    delivery = session.scalar(select(Delivery).where(
        Delivery.id == delivery_id, Delivery.webhook_id == hook.id).with_for_update())
    if delivery is None:
        raise NotFound("Delivery not found.")
    delivery.status, delivery.next_attempt_at = DeliveryStatus.PENDING, utcnow()
    audit.record(session, actor, "webhook.redeliver", delivery, insured_id=hook.insured_id,
                 after={"webhook_id": hook.id, "message_id": delivery.message_id})
    return delivery
