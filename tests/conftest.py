"""Test fixtures: a real database (SQLite file, or PostgreSQL through TEST_DATABASE_URL) built by
the migrations, one rolled-back transaction per test, and two tenants by default."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from core.accounts import passwords
from core.db import make_engine
from portal import create_app
from portal.cli.database import alembic_config
from tests.factories import World, build_world


def _database_url(tmp_path_factory: pytest.TempPathFactory, worker: str) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return _own_database(url, worker)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def _own_database(url: str, worker: str) -> str:
    """A PostgreSQL database for each parallel worker: each rebuilds its schema at start, which
    would pull it from under the others' tests (and their `_race` databases would clash)."""
    if worker == "master":
        return url
    own = make_url(url).set(database=f"{make_url(url).database}_{worker}")
    admin = make_engine(url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": own.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    admin.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    return _database_url(tmp_path_factory, worker_id)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    """A fresh schema, built by running every migration (so the migrations are tested too)."""
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    command.upgrade(alembic_config(database_url), "head")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Production argon2 costs ~50 ms a hash; tests need correctness, not resistance."""
    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    yield
    passwords._hasher = original


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    connection = engine.connect()
    transaction = connection.begin()
    yield connection
    transaction.rollback()
    connection.close()


@pytest.fixture
def app(connection: Connection, database_url: str, tmp_path: Path) -> Flask:
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "DATABASE_CONNECTION": connection,
        "DOCUMENTS_FOLDER": str(tmp_path / "documents"),
    })


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session of the test's own, on the test's transaction, for arranging and checking.

    Requests get sessions of their own, as in production, so nothing loaded here can leak into
    a request's identity map and hide what the tenancy filter does.
    """
    own = app.extensions["database"].factory()
    yield own
    own.close()


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)
