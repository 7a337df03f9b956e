"""Command line: `flask --app wsgi db|users|demo|jobs|scheduler ...` (docs/api.md)."""

from __future__ import annotations

from flask import Flask

from portal import notify
from portal.cli import buyers, database, demo, operations, users


def init_app(app: Flask) -> None:
    for group in (database.group, users.group, demo.group, operations.jobs_group,
                  buyers.buyers_group, buyers.grading_group):
        app.cli.add_command(group)
    app.cli.add_command(operations.scheduler_command)
    app.cli.add_command(notify.group)
