"""The web portal: the app factory that wires the pages, the JSON API, the CLI and sign-in."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify
from flask_wtf import CSRFProtect
from sqlalchemy import text

from portal import config
from portal.database import db

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(Path.cwd() / "instance"))
    app.config.update(config.load(Path(app.instance_path), test_config or {}))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    _init_extensions(app)
    app.add_url_rule("/healthz", "healthz", _health)
    return app


def _init_extensions(app: Flask) -> None:
    from claims import hooks as claims_hooks
    from portal import api, cli, i18n, security
    from portal.api import errors
    from portal.auth import current
    from portal.pages import init_app as init_pages

    claims_hooks.register()  # the claims layer answers underwriting's questions, everywhere
    db.init_app(app)
    current.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    csrf.init_app(app)
    api.init_app(app)
    for blueprint in api.BLUEPRINTS:
        csrf.exempt(blueprint)  # the API takes bearer tokens only, never the session cookie
    init_pages(app)
    cli.init_app(app)


def _health() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not healthy"
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"}), 200
