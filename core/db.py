"""Declarative base, engine and session factory.

SQLite is the embedded default (one file, WAL, foreign keys on); PostgreSQL is the server
database. Sessions never commit inside services: the request, CLI command or job step does.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import weakref
from decimal import Decimal
from typing import IO, Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Engine,
    ForeignKeyConstraint,
    MetaData,
    Numeric,
    String,
    TypeDecorator,
    create_engine,
    event,
    literal,
    select,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class UtcDateTime(TypeDecorator[dt.datetime]):
    """Timestamps stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("Naive datetimes are not stored: use core.clock.utcnow().")
        return None if value is None else value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


MONEY = Numeric(18, 2, asdecimal=True)
"""Amounts are stored with two decimals; `core.money` rounds to each currency's minor unit."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UtcDateTime(),
        Decimal: MONEY,
        dict[str, Any]: JSON,
        list[Any]: JSON,
        str: String(255),
    }


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(
        default=lambda: dt.datetime.now(dt.UTC), nullable=False
    )


def make_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite tuned the way docs/architecture.md measured it."""
    # hide_parameters: a failing statement's values (password and token hashes, personal data)
    # stay out of exception messages and so out of the logs.
    if url.startswith("sqlite"):
        engine = create_engine(url, hide_parameters=True)
        gate = WriteGate(engine.url.database)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", gate.begin)
        event.listen(engine, "before_cursor_execute", gate.before_statement)
        event.listen(engine, "commit", gate.on_commit)
        event.listen(engine, "rollback", gate.on_rollback)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                         hide_parameters=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself so SAVEPOINTs and transactions behave as on PostgreSQL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class WriteGate:
    """SQLite writers, one at a time and in turn, holding the lock no longer than they write.

    A transaction that will write reads without a lock at first, each statement seeing the
    latest commit (as PostgreSQL's READ COMMITTED does). Its first write, or its first read
    FOR UPDATE, takes SQLite's write lock (BEGIN IMMEDIATE) and keeps it to the end, so what
    it reads from then on no other writer can change: SQLite's FOR UPDATE locks the database
    where PostgreSQL locks rows. A deferred BEGIN would not do: upgrading a read snapshot
    that another writer has since moved past fails at once.

    Before BEGIN IMMEDIATE the writer takes an OS file lock beside the database: a waiting
    process wakes the moment the lock is free, where SQLite's own busy handler sleeps in
    growing steps and lets the holder take it again.
    """

    def __init__(self, database: str | None) -> None:
        in_memory = not database or database == ":memory:"
        self.path = None if in_memory else f"{database}.write-lock"
        # Kept beside the connection, not in its `info`: a connection lost mid-transaction
        # cannot reach its `info` any more, and its lock must still be released.
        self.pending: weakref.WeakSet[Any] = weakref.WeakSet()
        self.held: weakref.WeakKeyDictionary[Any, IO[str]] = weakref.WeakKeyDictionary()

    def begin(self, connection: Any) -> None:
        if connection.get_execution_options().get("write_intent"):
            self.pending.add(connection)  # BEGIN IMMEDIATE comes with the first write
        else:
            connection.exec_driver_sql("BEGIN")

    def before_statement(
        self, connection: Any, cursor: Any, statement: str, _parameters: Any, context: Any,
        _executemany: bool,
    ) -> None:
        if connection not in self.pending or not _locks(statement, context):
            return
        self.pending.discard(connection)
        if self.path is not None:
            gate = open(self.path, "a")  # noqa: SIM115 - closed in _release()
            fcntl.flock(gate, fcntl.LOCK_EX)
            self.held[connection] = gate
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except Exception:
            self._release(connection)  # no transaction began, so nothing else will end it
            raise

    def on_commit(self, connection: Any) -> None:
        self._end(connection, "commit")

    def on_rollback(self, connection: Any) -> None:
        self._end(connection, "rollback")

    def _end(self, connection: Any, how: str) -> None:
        """SQLAlchemy tells us before it commits: end SQLite's transaction here, then open the
        gate, or the next writer would pass it only to wait on SQLite's lock, which it polls."""
        self.pending.discard(connection)
        if connection not in self.held:
            return
        try:
            # A connection lost under a statement has nothing left to end, and reaching for
            # it would raise instead of rolling back; its lock is released all the same.
            if not connection.invalidated:
                getattr(connection.connection.dbapi_connection, how)()
        finally:
            self._release(connection)

    def _release(self, connection: Any) -> None:
        gate = self.held.pop(connection, None)
        if gate is not None:
            fcntl.flock(gate, fcntl.LOCK_UN)
            gate.close()


def _locks(statement: str, context: Any) -> bool:
    """Whether a statement needs the write lock: anything but a plain read (a SAVEPOINT too,
    which would otherwise open a deferred transaction)."""
    if not statement.lstrip()[:6].upper().startswith("SELECT"):
        return True
    compiled = getattr(context, "compiled", None)
    return getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None


WRITE_INTENT = {"write_intent": True}
"""Execution options for a session that will write: on SQLite it reads without a lock and
takes the write lock at its first write or read FOR UPDATE (see WriteGate). PostgreSQL needs
nothing."""


def take_write_lock(session: Session) -> None:
    """Take SQLite's write lock now, before writing through the driver's own connection: the
    WriteGate sees only SQLAlchemy's statements, and writes it does not see would run outside
    any transaction, each committed at once. PostgreSQL's transaction is open already."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.execute(select(literal(1)).with_for_update())


def begin_writing(session: Session) -> None:
    """Open a job step's transaction as a writer holding the write lock from its first read:
    on SQLite a transaction that reads first and writes later fails at once ("database is
    locked") when another writer committed in between; PostgreSQL needs nothing."""
    session.connection(execution_options=WRITE_INTENT)
    take_write_lock(session)


def is_lock_timeout(error: BaseException) -> bool:
    """Whether a database error says only that another writer held the lock too long."""
    return "database is locked" in str(getattr(error, "orig", error))


def make_session_factory(bind: Any) -> sessionmaker[Session]:
    return sessionmaker(bind=bind, expire_on_commit=False, autoflush=True)


HAND_MADE = ("buyers_fts", "ix_buyers_search_trgm")
KEYED_BY_STATEMENT = ("buyer_grades", "grade_history")
"""Tables whose key to `buyers` is a foreign key on SQLite and statement-level triggers on
PostgreSQL (a million new grades are checked in one anti-join, not a million lookups)."""


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """For Alembic: structures made by hand per database (SQLite's FTS tables, PostgreSQL's
    trigram index, the keys of grades to buyers) are left out of autogenerate's comparison."""
    if isinstance(obj, ForeignKeyConstraint) and obj.table.name in KEYED_BY_STATEMENT:
        return obj.referred_table.name != "buyers"
    return not (name or "").startswith(HAND_MADE)
