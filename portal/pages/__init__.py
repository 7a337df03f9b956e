"""HTML pages: sign-in, the home page of each role, administration forms, language switch."""

from __future__ import annotations

from flask import Flask

from portal.pages import admin, home, labels, session_pages


def init_app(app: Flask) -> None:
    labels.init_app(app)
    for blueprint in (session_pages.bp, home.bp, admin.bp):
        app.register_blueprint(blueprint)
