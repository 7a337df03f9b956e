"""The WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc

from portal import create_app

app = create_app()

# Everything loaded so far (Flask, SQLAlchemy's mappers, pandas, WeasyPrint) lives as long as
# the process: frozen, the collector stops walking it in every full collection, which had
# grown to pauses of about 100 ms under load (limit requests' p99 155 ms, 55 ms frozen).
gc.freeze()
