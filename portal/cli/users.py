"""`flask users create-admin`: the first insurer administrator."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core.accounts.services import create_user
from core.actor import SYSTEM, Role
from core.errors import DomainError
from core.tenancy import Scope, tenant_scope
from portal.database import db


@click.group("users", help="Users.")
def group() -> None:
    pass


@group.command("create-admin", help="Create an insurer administrator.")
@click.option("--email", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True,
              confirmation_prompt=True)
@with_appcontext
def create_admin(email: str, password: str) -> None:
    with tenant_scope(Scope.everyone()):
        try:
            user = create_user(db.session, actor=SYSTEM, email=email, password=password,
                               role=Role.INSURER_ADMIN, full_name="Administrator")
        except DomainError as error:
            db.session.rollback()
            details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.fields.items())
            raise click.ClickException(f"{error.message} {details}".strip()) from error
        db.session.commit()
    click.echo(f"Insurer administrator {user.email} created (id {user.id}).")
