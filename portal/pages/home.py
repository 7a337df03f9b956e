"""The home page: what each role has, at a glance."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from claims.models import Claim, CollectionCase
from claims.states import CaseStatus, ClaimStatus
from core.accounts import services as accounts
from core.accounts.models import Insured, User
from core.actor import Actor, Role
from core.clock import today
from portal.auth import current_actor, sign_in_required
from portal.database import db
from portal.pages.claim_views import work_queue
from portal.pages.limit_views import unread_alerts
from underwriting.policies import Policy
from underwriting.policies.services import policies_query

bp = Blueprint("home", __name__)

TEMPLATES = {
    Role.INSURED_USER: "pages/home_insured.html",
    Role.INSURED_ADMIN: "pages/home_insured.html",
    Role.UNDERWRITER: "pages/home_underwriter.html",
    Role.CLAIMS_HANDLER: "pages/home_claims.html",
    Role.INSURER_ADMIN: "pages/home_admin.html",
}


@bp.get("/")
@sign_in_required
def index() -> ResponseReturnValue:
    actor = current_actor()
    assert actor is not None and actor.role is not None
    return render_template(TEMPLATES[actor.role], **_context(actor))


def _context(actor: Actor) -> dict[str, Any]:
    session = db.session
    policies = list(session.scalars(policies_query()))
    day = today()
    context: dict[str, Any] = {
        "user": g.user,
        "today": day,
        "policies": policies,
        "in_force": [p for p in policies if p.status_on(day) == "in_force"],
    }
    if actor.insured_id is not None:
        context["insured"] = accounts.get_insured(session, actor.insured_id, actor=actor)
        context["alerts"] = unread_alerts()
    if actor.insured_id is not None or actor.role is Role.CLAIMS_HANDLER:
        context.update(_claims_counts())
    if actor.role is Role.CLAIMS_HANDLER:
        context["queue"] = work_queue()
    if actor.role is Role.INSURED_ADMIN:
        context["users"] = accounts.list_users(session, actor=actor, insured_id=actor.insured_id)
    if actor.role is Role.INSURER_ADMIN:
        context["insureds"] = _insureds_with_counts()
        context["staff"] = accounts.list_users(session, actor=actor, insured_id=None)
    return context


def _insureds_with_counts() -> list[dict[str, Any]]:
    users = dict(db.session.execute(
        select(User.insured_id, func.count()).where(User.insured_id.is_not(None))
        .group_by(User.insured_id)
    ).tuples().all())
    policies = dict(db.session.execute(
        select(Policy.insured_id, func.count()).group_by(Policy.insured_id)
    ).tuples().all())
    return [
        {"insured": insured, "users": users.get(insured.id, 0),
         "policies": policies.get(insured.id, 0)}
        for insured in db.session.scalars(select(Insured).order_by(Insured.name))
    ]


def _claims_counts() -> dict[str, int]:
    """Cases still collecting and claims not yet settled, of what the actor may see."""
    session = db.session
    return {
        "open_cases": session.scalar(select(func.count()).select_from(CollectionCase).where(
            CollectionCase.status != CaseStatus.CLOSED)) or 0,
        "open_claims": session.scalar(select(func.count()).select_from(Claim).where(
            Claim.status.in_([ClaimStatus.OPEN, ClaimStatus.ASSESSED,
                              ClaimStatus.APPROVED]))) or 0,
    }
