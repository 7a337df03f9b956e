"""Fixtures for the generated sweeps (one object of every kind for each tenant) and for tests
that need requests to really commit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.db import make_engine
from portal import create_app
from portal.cli.database import alembic_config
from tests.endpoints import TODAY, Objects, objects
from tests.factories import World


@pytest.fixture
def found(
    app: Flask, session: Session, world: World, monkeypatch: pytest.MonkeyPatch
) -> Objects:
    """Each tenant's insured, user, policy, token, referred request, limit and alert, and a
    shared graded buyer, on a business date inside the policy year."""
    monkeypatch.setenv("TCI_TODAY", TODAY)
    return objects(session, world, app.extensions["document_store"])


@pytest.fixture
def committing_app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """An app on a database of its own whose requests really commit."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        race = url.set(database=f"{url.database}_race")
        admin = make_engine(url.render_as_string(hide_password=False))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{race.database}"'))
            connection.execute(text(f'CREATE DATABASE "{race.database}"'))
        admin.dispose()
        race_url = race.render_as_string(hide_password=False)
    else:
        race_url = f"sqlite:///{tmp_path / 'race.sqlite'}"
    command.upgrade(alembic_config(race_url), "head")
    app = create_app({"TESTING": True, "SECRET_KEY": "race", "DATABASE_URL": race_url,
                      "DOCUMENTS_FOLDER": str(tmp_path / "documents")})
    yield app
    app.extensions["database"].engine.dispose()
