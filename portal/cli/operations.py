"""`flask jobs run --as-of DATE` replays a day; `flask scheduler` runs the scheduler process."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from core import clock
from portal import scheduler
from portal.jobs import run_day


@click.group("jobs", help="Daily jobs.")
def jobs_group() -> None:
    pass


@jobs_group.command("run", help="Run every daily job for one day (idempotent).")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The business day to run, YYYY-MM-DD (default: today).")
@with_appcontext
def run(as_of: dt.datetime | None) -> None:
    day = as_of.date() if as_of else clock.today()
    outcomes = run_day(current_app._get_current_object(), day)  # type: ignore[attr-defined]
    for outcome in outcomes:
        tenant = f"insured {outcome.insured_id}" if outcome.insured_id else "all"
        click.echo(f"{day} {outcome.job} [{tenant}] {outcome.status}: {outcome.summary}")
    if any(outcome.status == "failed" for outcome in outcomes):
        raise click.ClickException("Some job steps failed; the others ran.")


@click.command("scheduler", help="Run the scheduler process (one per installation).")
@with_appcontext
def scheduler_command() -> None:
    scheduler.run(current_app._get_current_object())  # type: ignore[attr-defined]
