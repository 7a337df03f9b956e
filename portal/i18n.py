"""English and Simplified Chinese: the user's choice, else the browser's language."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel

babel = Babel()


def select_locale() -> str:
    languages = list(current_app.config["LANGUAGES"])
    chosen = session.get("lang") if not request.path.startswith("/api/") else None
    if chosen in languages:
        return str(chosen)
    return request.accept_languages.best_match(languages) or languages[0]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.jinja_env.globals["LANGUAGES"] = app.config["LANGUAGES"]
