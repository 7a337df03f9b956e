"""The ledger's reading rule (`ledger`) in SQL, for queries over many limits at once: the
version in force on a day is the latest decided that had taken effect and that no decision
taken while it waited superseded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, case, exists, func, select
from sqlalchemy.orm import aliased

from underwriting.limits.ledger import ENDING_CHANGES
from underwriting.limits.models import CreditLimit, CreditLimitVersion


def in_force_version_id(day: dt.date | BindParameter[Any]) -> Any:
    """A correlated subquery: the id of `CreditLimit`'s version in force on `day`."""
    version, later = aliased(CreditLimitVersion), aliased(CreditLimitVersion)
    supersedes = exists().where(later.credit_limit_id == version.credit_limit_id,
                                later.id > version.id,
                                later.decided_on < version.effective_from)
    return (select(func.max(version.id))
            .where(version.credit_limit_id == CreditLimit.id, version.effective_from <= day,
                   ~supersedes)
            .scalar_subquery())


def expired(day: dt.date | BindParameter[Any]) -> ColumnElement[bool]:
    return and_(CreditLimit.expires_on.is_not(None), CreditLimit.expires_on < day)


def status_on(version: Any, day: dt.date) -> ColumnElement[str]:
    """The status on `day` of the limit whose in-force version is `version` (an alias)."""
    ended = [(version.change == change, status) for change, status in ENDING_CHANGES.items()]
    return case(*ended, (expired(day), "expired"), else_="active")


def amount_on(version: Any, day: dt.date | BindParameter[Any]) -> ColumnElement[Any]:
    return case((expired(day), 0), else_=version.amount)
