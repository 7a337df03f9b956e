"""gunicorn settings for the portal (`gunicorn --config gunicorn.conf.py wsgi:app`).

The app (Flask, SQLAlchemy's mappers, pandas, WeasyPrint, the translations) is loaded once in
the master before the workers fork, so a worker answers as soon as gunicorn listens instead of
each importing everything on its own, and the workers share those pages of memory.

With PROMETHEUS_MULTIPROC_DIR set (a folder of its own, writable, local to the host), every
worker writes its request counts there and `/metrics`, whichever worker answers it, reports the
sum of all of them (portal/metrics.py). The folder is emptied when gunicorn starts: counts of an
earlier run must not be added to this one's. Start the host's scheduler after gunicorn with the
same setting, and its daily job counts join the host's.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

preload_app = True


def post_fork(_server: Any, _worker: Any) -> None:
    """A connection opened in the master must not be shared by forked workers: each worker
    starts with an empty pool of its own (the master's connections are left to the master)."""
    from wsgi import app

    app.extensions["database"].engine.dispose(close=False)


def on_starting(_server: Any) -> None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for stale in Path(folder).glob("*.db"):
            stale.unlink()


def child_exit(_server: Any, worker: Any) -> None:
    """A worker that ended leaves its counts (they happened) but no live gauge behind."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
