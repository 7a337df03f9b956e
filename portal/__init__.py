"""The web portal: the app factory that wires the pages, the JSON API, the CLI and sign-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_wtf import CSRFProtect
from sqlalchemy import text
from werkzeug.exceptions import NotFound

from core.fields import LARGEST_ID
from portal import config
from portal.database import db
from portal.logs import init_logging

csrf = CSRFProtect()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(Path.cwd() / "instance"))
    app.config.update(config.load(Path(app.instance_path), test_config or {}))
    init_logging(app.config["LOG_FORMAT"])
    _init_extensions(app)
    app.add_url_rule("/healthz", "healthz", _health)
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("favicon.ico"))
    app.before_request(_ids_in_range)
    return app


def _init_extensions(app: Flask) -> None:
    from portal import api, cli, document_store, i18n, logs, metrics, security, wiring
    from portal.api import errors
    from portal.auth import current
    from portal.pages import init_app as init_pages

    logs.init_app(app)  # first of all: every later line of the request carries its id
    metrics.init_app(app)
    security.init_app(app)  # an oversized body is refused before anything reads it
    wiring.wire()  # the layers answer each other's questions in every process, or none starts
    db.init_app(app)
    document_store.init_app(app)
    current.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    api.init_app(app)
    for blueprint in api.BLUEPRINTS:
        csrf.exempt(blueprint)  # the API takes bearer tokens only, never the session cookie
    init_pages(app)
    cli.init_app(app)


def _ids_in_range() -> None:
    """A path id beyond any id names nothing: 404 before it reaches the database driver, which
    cannot bind it. (A bounded URL converter would answer 405 where another method matches.)"""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and value > LARGEST_ID:
            raise NotFound("Not found.")


def _health() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any failure to reach the database means "not healthy"
        db.session.rollback()
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"}), 200
