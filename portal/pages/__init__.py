"""HTML pages: sign-in, the home page of each role, administration forms, language switch."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from portal.pages import admin, buyers, home, labels, session_pages


def init_app(app: Flask) -> None:
    labels.init_app(app)
    app.jinja_env.globals["get_locale"] = get_locale  # base.html marks the page's language
    for blueprint in (session_pages.bp, home.bp, admin.bp, buyers.bp):
        app.register_blueprint(blueprint)
