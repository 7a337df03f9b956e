"""HTML pages: sign-in, the home page of each role, administration forms, buyers, credit
limits and the underwriting queue, overdue reports, collection cases and claims, language
switch; every table downloads as CSV and Excel."""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_babel import get_locale

from core.actor import INSURED_ROLES
from portal.pages import (
    account_pages,
    admin,
    broker_pages,
    buyers,
    claim_labels,
    claim_pages,
    collection,
    desk_pages,
    downloads,
    home,
    labels,
    limit_bulk,  # noqa: F401 - its pages join limits.bp
    limits,
    notification_pages,
    password_pages,  # noqa: F401 - its pages join session_pages.bp
    premium_pages,
    receivables_pages,
    report_pages,
    session_pages,
    two_factor_pages,  # noqa: F401 - its pages join session_pages.bp
    underwriting,
)


def init_app(app: Flask) -> None:
    labels.init_app(app)
    claim_labels.init_app(app)
    downloads.init_app(app)
    app.jinja_env.globals["get_locale"] = get_locale  # base.html marks the page's language
    for blueprint in (session_pages.bp, home.bp, admin.bp, buyers.bp, limits.bp, underwriting.bp,
                      collection.bp, claim_pages.bp, desk_pages.bp, report_pages.bp,
                      notification_pages.bp, account_pages.bp, broker_pages.bp,
                      receivables_pages.bp, premium_pages.bp):
        app.register_blueprint(blueprint)
    app.context_processor(_acting)


def _acting() -> dict[str, Any]:
    """Who the page is for: `insured_side` for an insured's users and a broker's (who act for
    its clients); a broker's clients and the one it acts for, for the switcher."""
    actor = g.get("actor")
    if actor is None:
        return {"insured_side": False}
    return {"insured_side": actor.role in INSURED_ROLES or actor.is_broker,
            "broker_clients": broker_pages.client_names(actor) if actor.is_broker else [],
            "acting_for": actor.on_behalf_of}
