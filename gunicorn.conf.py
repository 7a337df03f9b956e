"""gunicorn settings for the portal (`gunicorn --config gunicorn.conf.py wsgi:app`).

The app (Flask, SQLAlchemy's mappers, pandas, WeasyPrint, the translations) is loaded once in
the master before the workers fork, so a worker answers as soon as gunicorn listens instead of
each importing everything on its own, and the workers share those pages of memory.
"""

from __future__ import annotations

from typing import Any

preload_app = True


def post_fork(_server: Any, _worker: Any) -> None:
    """A connection opened in the master must not be shared by forked workers: each worker
    starts with an empty pool of its own (the master's connections are left to the master)."""
    from wsgi import app

    app.extensions["database"].engine.dispose(close=False)
