"""Tenancy, enforced twice.

1. A context variable holds the current scope; a global ORM filter reads it on every SELECT
   and fails closed: with no scope set, tenant-owned rows simply do not load.
2. Services and views check ownership again at the edge (`owned_or_404`).

Insurer staff and the system work across all tenants (`Scope.everyone()`); an insured's users
are scoped to that insured alone; a broker's users to the insureds that appointed it, or to the
one it is acting for. A scope is a set of insureds, and an empty set sees nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ForeignKey, Select, event, false
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)

from core.actor import Actor
from core.errors import NotFound


@dataclass(frozen=True)
class Scope:
    insured_ids: frozenset[int] = frozenset()
    all_tenants: bool = False

    @classmethod
    def everyone(cls) -> Scope:
        return cls(all_tenants=True)

    @classmethod
    def insured(cls, insured_id: int) -> Scope:
        return cls(insured_ids=frozenset({insured_id}))

    @classmethod
    def of(cls, actor: Actor) -> Scope:
        if actor.insured_id is not None:
            return cls.insured(actor.insured_id)
        if actor.is_staff or actor.is_system:
            return cls.everyone()
        if actor.is_broker:
            return cls(insured_ids=actor.clients)
        return cls()  # fails closed

    @property
    def insured_id(self) -> int | None:
        """The one insured of a scope of one."""
        return next(iter(self.insured_ids)) if len(self.insured_ids) == 1 else None


_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("tenant_scope", default=None)


def current_scope() -> Scope | None:
    return _scope.get()


def set_scope(scope: Scope | None) -> contextvars.Token[Scope | None]:
    return _scope.set(scope)


def reset_scope(token: contextvars.Token[Scope | None]) -> None:
    _scope.reset(token)


@contextlib.contextmanager
def tenant_scope(scope: Scope) -> Iterator[None]:
    token = _scope.set(scope)
    try:
        yield
    finally:
        _scope.reset(token)


class TenantOwned:
    """Mixin for every row that belongs to one insured."""

    @declared_attr
    def insured_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("insureds.id"), index=True, nullable=False)


class TenantRoot:
    """Mixin for the tenant table itself: an insured sees only its own row."""

    @declared_attr
    def id(cls) -> Mapped[int]:
        return mapped_column(primary_key=True)


Tenants = frozenset[int]


@functools.lru_cache(maxsize=4096)
def _criteria_for(tenants: Tenants) -> tuple[Any, ...]:
    """The filter options of a set of tenants, built once: SQLAlchemy analyses each lambda
    when the option is made, which costs more than the query it filters."""
    if not tenants:
        return (
            with_loader_criteria(TenantOwned, lambda cls: false(), include_aliases=True),
            with_loader_criteria(TenantRoot, lambda cls: false(), include_aliases=True),
        )
    if len(tenants) == 1:
        (tenant,) = tenants
        return (
            with_loader_criteria(
                TenantOwned, lambda cls: cls.insured_id == tenant, include_aliases=True
            ),
            with_loader_criteria(TenantRoot, lambda cls: cls.id == tenant, include_aliases=True),
        )
    ids = sorted(tenants)
    return (
        with_loader_criteria(TenantOwned, lambda cls: cls.insured_id.in_(ids),
                             include_aliases=True),
        with_loader_criteria(TenantRoot, lambda cls: cls.id.in_(ids), include_aliases=True),
    )


ACROSS_TENANTS: Mapping[str, bool] = {"across_tenants": True}
"""Execution options for the few aggregates that must count every tenant's rows (the
insurer's exposure on a buyer) while an insured is acting. Such a query returns totals, never
another tenant's rows; each use is named where it happens."""


@event.listens_for(Session, "do_orm_execute")
def _filter_by_tenant(state: ORMExecuteState) -> None:
    if state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get("across_tenants"):
        return
    if not (state.is_select or state.is_update or state.is_delete):
        return
    state.statement = _in_scope(state.statement)


def _in_scope(statement: Any) -> Any:
    """`statement` as the current scope may run it: unchanged for staff, else filtered."""
    scope = _scope.get()
    if scope is not None and scope.all_tenants:
        return statement
    return _filtered(statement, scope.insured_ids if scope else frozenset())


COPIES_PER_STATEMENT = 256
_FILTERED: weakref.WeakKeyDictionary[Any, dict[Tenants, Any]] = weakref.WeakKeyDictionary()


def _filtered(statement: Any, tenant: Tenants) -> Any:
    """The statement with one tenant's filter. A statement built once (the hot paths' are)
    gets its filtered copy once per tenant, so SQLAlchemy's cache key for it is computed once
    too rather than on every execution."""
    copies = _FILTERED.get(statement)
    if copies is None:
        copies = _FILTERED[statement] = {}
    copy = copies.get(tenant)
    if copy is None:
        if len(copies) >= COPIES_PER_STATEMENT:
            copies.clear()  # bounded memory with many tenants; the busy ones come back at once
        copy = copies[tenant] = statement.options(*_criteria_for(tenant))
    return copy


def fetch_tuples(
    session: Session, statement: Select[Any], *,
    execution_options: Mapping[str, bool] | None = None,
) -> list[tuple[Any, ...]]:
    """The rows of a column select as the driver's plain tuples, for bulk reads (reports).

    The tenant filter is applied as the session's own would apply it (and skipped, as there, for
    ACROSS_TENANTS); what is skipped is the ORM's work per row, which costs more than the
    database's read at 100,000 rows. Select only columns the driver already returns as they
    are meant (integers, text, floats for probabilities): no result processing happens here.
    """
    if not (execution_options or {}).get("across_tenants"):
        statement = _in_scope(statement)
    result = session.connection().execute(statement)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


M = TypeVar("M")


def owned_or_404(obj: M | None, actor: Actor, what: str = "Object") -> M:
    """The edge check: `obj` must exist and be visible to `actor`: its own insured's, one of
    a broker's clients', or anything for staff."""
    if obj is None:
        raise NotFound(f"{what} not found.")
    owner = getattr(obj, "insured_id", None)
    if isinstance(obj, TenantRoot):
        owner = obj.id
    if not actor.sees(owner):
        raise NotFound(f"{what} not found.")
    return obj
