"""`flask db upgrade`: bring the database schema up to date with the migrations."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import with_appcontext

ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["url"] = url
    return config


@click.group("db", help="Database schema.")
def group() -> None:
    pass


@group.command("upgrade", help="Apply every pending migration.")
@with_appcontext
def upgrade() -> None:
    command.upgrade(alembic_config(current_app.config["DATABASE_URL"]), "head")
    click.echo("Database is up to date.")
