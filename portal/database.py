"""One SQLAlchemy session per request (or CLI command), committed by the caller at the edge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from core.db import WRITE_INTENT, make_engine, make_session_factory

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Bound:
    """One app's engine and session factory (several apps may live in one process)."""

    engine: Engine
    factory: sessionmaker[Session]


class Database:
    def init_app(self, app: Flask) -> None:
        engine = make_engine(app.config["DATABASE_URL"])
        bind: Engine | Connection = app.config.get("DATABASE_CONNECTION") or engine
        factory = make_session_factory(bind)
        if isinstance(bind, Connection):
            # Tests run each case in one outer transaction: commits become savepoints.
            factory.configure(join_transaction_mode="create_savepoint")
        app.extensions["database"] = Bound(engine, factory)
        app.teardown_appcontext(self._close)

    @property
    def bound(self) -> Bound:
        bound: Bound = current_app.extensions["database"]
        return bound

    @property
    def engine(self) -> Engine:
        return self.bound.engine

    @property
    def factory(self) -> sessionmaker[Session]:
        return self.bound.factory

    @property
    def session(self) -> Session:
        """The request's session. A request that may write (POST, PUT, PATCH, DELETE) reads
        without a lock and takes SQLite's write lock at its first write (core.db.WriteGate)."""
        if "db_session" not in g:
            g.db_session = self.factory()
            if has_request_context() and request.method in WRITES:
                g.db_session.connection(execution_options=WRITE_INTENT)
        session: Session = g.db_session
        return session

    def _close(self, _exc: Any) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()
