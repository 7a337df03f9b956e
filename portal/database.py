"""One SQLAlchemy session per request (or CLI command), committed by the caller at the edge."""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from core.db import make_engine, make_session_factory


class Database:
    engine: Engine
    factory: sessionmaker[Session]

    def init_app(self, app: Flask) -> None:
        self.engine = make_engine(app.config["DATABASE_URL"])
        bind: Engine | Connection = app.config.get("DATABASE_CONNECTION") or self.engine
        self.factory = make_session_factory(bind)
        if isinstance(bind, Connection):
            # Tests run each case in one outer transaction: commits become savepoints.
            self.factory.configure(join_transaction_mode="create_savepoint")
        app.extensions["database"] = self
        app.teardown_appcontext(self._close)

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = self.factory()
        session: Session = g.db_session
        return session

    def _close(self, _exc: Any) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


db = Database()
