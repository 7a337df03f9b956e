"""The JSON API under /api/v1: one blueprint a domain, declared with `endpoint`."""

from __future__ import annotations

from flask import Flask

from portal.api import (
    accounts,
    audit,
    auth,
    brokers,
    buyers,
    claims,
    collection,
    desk,
    limits,
    notifications,
    openapi,
    passwords,
    policies,
    premium,
    receivables,
    reference,
    reports,
    sessions,
    two_factor,
)

BLUEPRINTS = (auth.bp, accounts.bp, policies.bp, buyers.bp, limits.bp, premium.bp,
              collection.bp, receivables.bp, claims.bp, desk.bp, reports.bp, notifications.bp,
              openapi.bp, reference.bp, passwords.bp, audit.bp, sessions.bp, two_factor.bp,
              brokers.bp)


def init_app(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
