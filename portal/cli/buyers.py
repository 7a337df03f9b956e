"""`flask buyers import FILE` and `flask grading run [--dask ADDRESS]`, with their progress."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import text

from core.actor import SYSTEM
from core.clock import today
from core.errors import DomainError
from core.tenancy import Scope, tenant_scope
from portal.cli.progress import ProgressBar, count_lines
from portal.database import db
from underwriting.grading.cluster import ADDRESS_SETTING, run_grading_on_cluster
from underwriting.grading.runs import import_and_grade, run_grading


@click.group("buyers", help="The buyer database.")
def buyers_group() -> None:
    pass


@buyers_group.command("import", help="Import buyers from a CSV file (docs/api.md columns).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(path: str) -> None:
    session = db.session
    with open(path, "rb") as source, tenant_scope(Scope.everyone()):
        try:
            with ProgressBar("Importing", count_lines(path)) as bar:
                report, graded, changed = import_and_grade(
                    session, source, actor=SYSTEM, on_progress=bar.advance)
        except DomainError as refused:
            session.rollback()
            raise click.ClickException(f"{refused.message} {refused.fields}") from refused
        session.commit()
    click.echo(f"{report.created} created, {report.updated} updated, {report.rejected} rejected, "
               f"{report.statements} statements, in {report.seconds:.1f} s; "
               f"{graded} buyers graded, {changed} grades changed.")
    for row in report.errors[:20]:
        click.echo(f"  line {row.line}: {row.reason}")
    if report.rejected > 20:
        click.echo(f"  ... and {report.rejected - 20} more rejected rows")


@click.group("grading", help="Buyer grades.")
def grading_group() -> None:
    pass


@grading_group.command("run", help="Re-grade every buyer as of the business date.")
@click.option("--dask", "address", envvar=ADDRESS_SETTING, metavar="ADDRESS",
              help=f"Score on the Dask cluster whose scheduler is at ADDRESS "
                   f"(tcp://HOST:PORT; or the setting {ADDRESS_SETTING}). PostgreSQL only.")
@with_appcontext
def run_command(address: str | None) -> None:
    session = db.session
    total = session.scalar(text("SELECT COUNT(*) FROM buyers")) or 0
    with tenant_scope(Scope.everyone()), ProgressBar("Grading", total) as bar:
        try:
            if address:
                run = run_grading_on_cluster(session, actor=SYSTEM, as_of=today(),
                                             address=address, on_progress=bar)
            else:
                run = run_grading(session, actor=SYSTEM, as_of=today(), on_progress=bar)
        except DomainError as refused:
            session.rollback()
            raise click.ClickException(refused.message) from refused
        session.commit()
    click.echo(f"Grading run {run.id} ({run.model_version}): {run.graded} graded, "
               f"{run.changed} changed, {run.seconds:.1f} s.")
