"""For which client a broker acts in a request.

A broker user reaches the insureds that appointed it. When a request names one of their
objects (in its path or its body: a policy, a case, a claim, a limit...) or names the insured
(`?insured_id=`), the broker acts for that insured alone, with the permissions it gave: the
actor's `insured_id` becomes the client's and the tenant scope narrows to it, so every service
below works as it does for the insured's own user, and the audit trail records the broker's
user as the actor, on behalf of the insured. A request that names none of them reads across
all the broker's clients, or acts for its only one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from claims.desk.models import Document
from claims.models import Claim, CollectionCase
from core.accounts.models import Insured
from core.actor import Actor
from core.tenancy import Scope, set_scope
from underwriting.limits.models import Alert, CreditLimit, LimitRequest
from underwriting.policies.models import Policy
from underwriting.premium.models import PremiumInvoice

OWNED_BY_NAME: Mapping[str, type[Any]] = {
    "policy_id": Policy, "case_id": CollectionCase, "claim_id": Claim,
    "limit_id": CreditLimit, "request_id": LimitRequest, "invoice_id": PremiumInvoice,
    "document_id": Document, "alert_id": Alert, "insured_id": Insured,
}
"""The ids a path or a body may carry, and the kind of object each names."""


def client_named(session: Session, named: Mapping[str, Any]) -> int | None:
    """The insured owning the first object `named` names (ids by their usual names) within
    the current scope; None when it names none, or one out of reach (the view says 404)."""
    for name, model in OWNED_BY_NAME.items():
        value = named.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        found = session.get(model, value)
        if found is not None:
            return int(found.id if model is Insured else found.insured_id)
    return None


def only_client(actor: Actor) -> int | None:
    """A broker serving one insured acts for it without naming it."""
    return next(iter(actor.clients)) if len(actor.clients) == 1 else None


def acting_for(actor: Actor, insured_id: int | None) -> Actor:
    """`actor` as it acts in this request: a broker naming a client acts for it alone."""
    if not actor.is_broker or insured_id is None:
        return actor
    narrowed = actor.for_client(insured_id)
    set_scope(Scope.of(narrowed))
    return narrowed
