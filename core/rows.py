"""New rows written at once, one statement each, instead of by the unit of work at a flush.

For the write paths that run while a lock is held (a limit request writes its request, the
limit and the limit's version while it holds the buyer's lock, and on SQLite the database's):
there the unit of work costs more than the INSERTs it sends, sorting the objects, following
their relationships and reading their history. `insert` sends one object's INSERT now, takes
every column back as stored (defaults included), and makes the object persistent as a flush
would, so nothing about it is left for one; a rollback (of a savepoint too) takes it out of the
session again.

The object's many-to-one relationships must name objects already written: their keys are
copied into its columns. Relationships set afterwards with `link` carry no history either.
"""

from __future__ import annotations

import functools
from typing import Any, TypeVar, cast

from sqlalchemy import Insert, Table
from sqlalchemy import insert as insert_into
from sqlalchemy.orm import Mapper, Session
from sqlalchemy.orm.attributes import instance_state, set_committed_value
from sqlalchemy.orm.interfaces import MANYTOONE

T = TypeVar("T")


def insert(session: Session, entity: T) -> T:
    """Write the new `entity`'s row now and keep it in `session` as loaded, with its id."""
    state = instance_state(entity)
    if not state.transient:
        raise ValueError(f"{type(entity).__name__} is written already.")
    mapper = state.mapper
    for relationship in mapper.relationships:
        if relationship.direction is MANYTOONE and relationship.key in state.dict:
            _copy_keys(entity, relationship.key, relationship.local_remote_pairs)
    values = {prop.columns[0].key: state.dict[prop.key] for prop in mapper.column_attrs
              if prop.key in state.dict}
    session.add(entity)
    try:
        stored = session.connection().execute(_statement(mapper), values).one()
    except Exception:
        session.expunge(entity)  # not written: nothing is left for a flush to write instead
        raise
    for prop, value in zip(mapper.column_attrs, stored, strict=True):
        state.dict[prop.key] = value  # as a load would: no history
    # What a flush does once its INSERT is sent: the object becomes persistent, its state the
    # committed one, and the transaction (a savepoint too) knows it made it, so that a rollback
    # takes it out of the session again rather than leave an object with no row.
    session._register_persistent({state})
    return entity


def written(entity: object) -> bool:
    """Whether `entity` has its row (or will have it at the next flush)."""
    return not instance_state(entity).transient


def link(entity: object, key: str, value: Any) -> None:
    """Set a relationship (an object, or a collection's list) as loaded, with no history."""
    set_committed_value(entity, key, value)


@functools.cache
def _statement(mapper: Mapper[Any]) -> Insert:
    """The mapper's INSERT, taking back its columns in the order of its attributes; built once
    (composing it costs more than running it)."""
    table = cast(Table, mapper.local_table)
    return insert_into(table).returning(*(prop.columns[0] for prop in mapper.column_attrs))


def _copy_keys(entity: object, key: str, pairs: Any) -> None:
    related = getattr(entity, key)
    for local, remote in pairs:
        value = None if related is None else getattr(related, remote.key)
        if related is not None and value is None:
            raise ValueError(f"{type(entity).__name__}.{key} names a row not written yet.")
        setattr(entity, local.key, value)
