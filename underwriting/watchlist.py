"""The watch list: buyers an insured follows without holding a limit on them (a prospect, a
buyer whose limit ended). Watched buyers raise the same grade alerts as held ones."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Select, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from buyers_db.services import get_buyer
from core import audit
from core.actor import INSURED_ROLES, Action, Actor, Permission
from core.db import Base, TimestampMixin
from core.errors import NotFound
from core.tenancy import TenantOwned

WATCH = Action.of("watch a buyer", *INSURED_ROLES, broker=Permission.REQUEST_LIMITS)


class WatchedBuyer(TenantOwned, TimestampMixin, Base):
    __tablename__ = "watched_buyers"
    __table_args__ = (UniqueConstraint("insured_id", "buyer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyers.id"), index=True)


def watch(session: Session, buyer_id: int, *, actor: Actor) -> WatchedBuyer:
    """Add the buyer to the insured's watch list; watching it twice changes nothing."""
    actor.require(WATCH)
    assert actor.insured_id is not None
    get_buyer(session, buyer_id)
    watched = session.scalar(select(WatchedBuyer).where(WatchedBuyer.buyer_id == buyer_id))
    if watched is not None:
        return watched
    watched = WatchedBuyer(insured_id=actor.insured_id, buyer_id=buyer_id)
    session.add(watched)
    audit.record(session, actor, "watchlist.add", watched, insured_id=actor.insured_id,
                 after={"buyer_id": buyer_id})
    return watched


def unwatch(session: Session, buyer_id: int, *, actor: Actor) -> None:
    """Take the buyer off the insured's watch list; one not on it is not found."""
    actor.require(WATCH)
    removed = session.execute(delete(WatchedBuyer).where(
        WatchedBuyer.buyer_id == buyer_id, WatchedBuyer.insured_id == actor.insured_id))
    if removed.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound("This buyer is not on your watch list.")
    audit.record(session, actor, "watchlist.remove", "WatchedBuyer",
                 insured_id=actor.insured_id, before={"buyer_id": buyer_id})


def watchlist_query() -> Select[tuple[WatchedBuyer]]:
    """The watched buyers the scope sees, latest first."""
    return select(WatchedBuyer).order_by(WatchedBuyer.id.desc())


def watchers(buyer_ids: list[int]) -> Select[tuple[int, int]]:
    """(insured, buyer) for every insured watching one of `buyer_ids`: run across tenants."""
    return select(WatchedBuyer.insured_id, WatchedBuyer.buyer_id).where(
        WatchedBuyer.buyer_id.in_(buyer_ids))
