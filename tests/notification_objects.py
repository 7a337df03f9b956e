"""Objects of the notifications API for the generated sweeps: a tenant's webhook, a delivery
of one of its events to that hook, and a watched buyer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.tenancy import Scope, tenant_scope
from tests.endpoint_objects import Ids, Making
from tests.factories import Tenant, World


def webhook(made: Making, tenant: Tenant) -> int:
    from notifications.webhooks import create_hook

    def make() -> int:
        hook = create_hook(made.session, actor=tenant.admin.as_actor(),
                           url=f"http://127.0.0.1:9/hooks/{tenant.insured.id}",
                           events=["limit.decided"], allow_local=True)
        made.session.commit()
        return hook.id

    return made.once("webhook", tenant, make)


def delivery(made: Making, tenant: Tenant) -> int:
    """A message of one of the tenant's events to the tenant's hook, fanned out, not yet sent."""
    from core import outbox
    from core.clock import utcnow
    from notifications.fanout import dispatch
    from notifications.models import Delivery

    webhook_id = webhook(made, tenant)
    outbox.record(made.session, outbox.EventType.LIMIT_DECIDED, tenant.insured.id,
                  {"id": 1}, object_type="limit_request", object_id=1)
    with tenant_scope(Scope.everyone()):
        dispatch(made.session, utcnow())
        delivery = made.session.scalars(select(Delivery).where(
            Delivery.webhook_id == webhook_id).order_by(Delivery.id.desc())).first()
        assert delivery is not None
    made.session.commit()
    return delivery.id


def watching(session: Session, world: World, ids: Ids) -> None:
    from underwriting.watchlist import watch

    with tenant_scope(Scope.insured(world.a.insured.id)):
        watch(session, ids["buyer_id"], actor=world.a.user.as_actor())
        session.commit()
