"""`flask buyers import FILE` and `flask grading run`."""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext

from core.actor import SYSTEM
from core.clock import today
from core.errors import DomainError
from core.tenancy import Scope, tenant_scope
from portal.database import db
from underwriting.grading.runs import import_and_grade, run_grading


@click.group("buyers", help="The buyer database.")
def buyers_group() -> None:
    pass


@buyers_group.command("import", help="Import buyers from a CSV file (docs/api.md columns).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(path: str) -> None:
    session = db.session
    size = os.path.getsize(path)
    with open(path, "rb") as source, tenant_scope(Scope.everyone()), click.progressbar(
        length=size, label="Importing", show_pos=False, show_percent=True
    ) as bar:
        try:
            report, graded, changed = import_and_grade(
                session, source, actor=SYSTEM,
                on_progress=lambda _rows: bar.update(source.tell() - bar.pos))
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
@with_appcontext
def run_command() -> None:
    with tenant_scope(Scope.everyone()):
        run = run_grading(db.session, actor=SYSTEM, as_of=today())
        db.session.commit()
    click.echo(f"Grading run {run.id} ({run.model_version}): {run.graded} graded, "
               f"{run.changed} changed, {run.seconds:.1f} s.")
