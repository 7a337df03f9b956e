"""The notifications worker as the portal runs it: its outlets from the settings, a step of the
scheduler process, and `flask notifications worker` for more throughput. Never in a request."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from notifications.mail import Postbox
from notifications.worker import Outlets, Round, drain, run_once
from portal.database import db

log = logging.getLogger(__name__)
IDLE_SECONDS = 2.0


def outlets(app: Flask | None = None) -> Outlets:
    config = (app or current_app).config
    return Outlets(
        postbox=Postbox(config.get("MAIL_URL"), Path(config["MAIL_DIR"]), config["MAIL_FROM"]),
        public_url=config["PUBLIC_URL"], allow_local=bool(config.get("WEBHOOKS_ALLOW_LOCAL")))


def deliver(app: Flask) -> Round:
    """The scheduler's step: send everything that is due now."""
    with app.app_context():
        done = drain(db.factory, outlets(app))
    if done.dispatched or done.delivered or done.failed:
        log.info("Notifications: %s events fanned out, %s delivered, %s failed",
                 done.dispatched, done.delivered, done.failed)
    return done


@click.group("notifications", help="E-mail and webhook delivery.")
def group() -> None:
    pass


@group.command("worker", help="Deliver notifications until stopped (as many as you like).")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@with_appcontext
def worker(once: bool) -> None:
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if once:
        done = deliver(app)
        click.echo(f"{done.dispatched} events, {done.delivered} delivered, {done.failed} failed")
        return
    log.info("Notifications worker started")
    while True:
        done = run_once(db.factory, outlets(app))
        if done.dispatched == done.delivered == done.failed == 0:
            time.sleep(IDLE_SECONDS)
