"""The home page: each role's dashboard (see `dashboards`), its tables downloadable."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g
from flask.typing import ResponseReturnValue

from core.accounts import services as accounts
from core.actor import Actor, Role
from core.clock import today
from portal.auth import current_actor, sign_in_required
from portal.database import db
from portal.pages import columns, dashboards
from portal.pages.downloads import Listing, page
from underwriting.policies.services import policies_query

bp = Blueprint("home", __name__)

TEMPLATES = {
    Role.INSURED_USER: "pages/home_insured.html",
    Role.INSURED_ADMIN: "pages/home_insured.html",
    Role.UNDERWRITER: "pages/home_underwriter.html",
    Role.CLAIMS_HANDLER: "pages/home_claims.html",
    Role.INSURER_ADMIN: "pages/home_admin.html",
    Role.BROKER_ADMIN: "pages/home_broker.html",
    Role.BROKER_USER: "pages/home_broker.html",
}

# The policy terms each role's home shows: those that bound its own decisions.
POLICY_TERMS = {
    Role.INSURED_USER: ("insured_pct_insurer_limit", "insured_pct_discretionary",
                        "max_credit_period_days", "notification_deadline_days",
                        "discretionary_limit_max", "deductible_per_buyer"),
    Role.UNDERWRITER: ("max_credit_period_days", "discretionary_limit_max",
                       "limit_reduction_notice_days", "insured_pct_insurer_limit"),
    Role.CLAIMS_HANDLER: ("waiting_period_days", "claim_filing_deadline_days",
                          "notification_deadline_days", "threshold", "deductible_per_buyer",
                          "deductible_order", "recovery_sharing"),
}
POLICY_TERMS[Role.INSURED_ADMIN] = POLICY_TERMS[Role.INSURED_USER]
POLICY_TERMS[Role.BROKER_USER] = POLICY_TERMS[Role.BROKER_ADMIN] = POLICY_TERMS[Role.INSURED_USER]


@bp.get("/")
@sign_in_required
def index() -> ResponseReturnValue:
    actor = current_actor()
    assert actor is not None and actor.role is not None
    context, listings = _policies(actor)
    role = Role.INSURED_USER if actor.on_behalf_of is not None else actor.role
    board, tables = dashboards.BOARDS[role](actor)
    return page(TEMPLATES[role], *listings, *tables, **context, **board)


def _policies(actor: Actor) -> tuple[dict[str, Any], list[Listing]]:
    """The policies the actor sees; insureds see all of theirs, staff those in force."""
    policies = list(db.session.scalars(policies_query()))
    day = today()
    in_force = [p for p in policies if p.status_on(day) == "in_force"]
    context: dict[str, Any] = {"user": g.user, "today": day, "policies": policies,
                               "in_force": in_force}
    if actor.insured_id is not None:
        context["insured"] = accounts.get_insured(db.session, actor.insured_id, actor=actor)
    terms = POLICY_TERMS.get(actor.role) if actor.role else None
    if terms is None:
        return context, []
    shown = policies if actor.insured_id is not None else in_force
    context.update(policy_rows=shown, policy_terms=terms)
    return context, [columns.policies_listing(shown, day, terms)]
