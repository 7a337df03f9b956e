"""HTML pages: sign-in, the home page of each role, administration forms, buyers, credit
limits and the underwriting queue, language switch."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from portal.pages import admin, buyers, home, labels, limits, session_pages, underwriting


def init_app(app: Flask) -> None:
    labels.init_app(app)
    app.jinja_env.globals["get_locale"] = get_locale  # base.html marks the page's language
    for blueprint in (session_pages.bp, home.bp, admin.bp, buyers.bp, limits.bp, underwriting.bp):
        app.register_blueprint(blueprint)
