"""A dump of every table in the database, to prove that a refused request changed nothing.

Every table the database holds is read, not only the mapped ones: search indexes made by hand
(SQLite's FTS tables) must stay untouched too. Rows are read through the test's own connection,
so the dump sees what the requests committed inside the test's transaction.
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

Dump = dict[str, list[tuple[object, ...]]]

# Bookkeeping that a refused request may rightly touch. A table or column named here must say
# why, or the dump proves less than it claims.
IGNORED: frozenset[str] = frozenset({"alembic_version"})
BOOKKEEPING = {
    # Every request a token authenticates records its use (at most once a minute), refused or not:
    # the owner sees when a token was last used, which is what a stolen token would show.
    "api_tokens": frozenset({"last_used_at"}),
}


def dump(session: Session) -> Dump:
    """Every row of every table, in a stable order."""
    session.expire_all()
    connection = session.connection()
    names = sorted(set(inspect(connection).get_table_names()) - IGNORED)
    quote = connection.dialect.identifier_preparer.quote

    def read(name: str) -> list[tuple[object, ...]]:
        columns = [c["name"] for c in inspect(connection).get_columns(name)
                   if c["name"] not in BOOKKEEPING.get(name, ())]
        query = f"SELECT {', '.join(map(quote, columns))} FROM {quote(name)}"  # noqa: S608
        return sorted((tuple(row) for row in connection.execute(text(query))), key=repr)

    return {name: read(name) for name in names}


def changes(before: Dump, after: Dump) -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """Per table, the rows that appeared and the rows that went (empty when nothing changed)."""
    differences = {}
    for name in sorted(set(before) | set(after)):
        old, new = set(map(repr, before.get(name, []))), set(map(repr, after.get(name, [])))
        if old != new:
            differences[name] = {
                "added": [r for r in after.get(name, []) if repr(r) not in old],
                "removed": [r for r in before.get(name, []) if repr(r) not in new],
            }
    return differences
