"""A broker's pages: its dashboard across the clients that appointed it, and the client
switcher. Every insured page serves a broker too, for the client it names or the one chosen
here, within the permissions that client gave (see `portal.auth.current`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from flask import Blueprint, abort, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from claims.models import Claim, CollectionCase
from claims.states import CaseStatus, ClaimStatus
from core.accounts.models import Insured
from core.actor import Actor, Permission
from core.clock import today
from core.tenancy import Scope, tenant_scope
from portal.auth import current_actor, sign_in_required
from portal.database import db
from portal.pages.downloads import Column, Listing, Table
from portal.pages.labels import PERMISSIONS
from reports.portfolio import portfolio, summary
from underwriting.limits.changes import limits_query
from underwriting.limits.models import LimitRequest, RequestStatus

bp = Blueprint("broker_pages", __name__)
EXPIRY_WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class ClientRow:
    """One client on the broker's dashboard."""

    insured_id: int
    name: str
    permissions: frozenset[Permission]
    cover: Decimal
    currency: str
    pending: int
    open_cases: int
    open_claims: int
    expiring: int


def client_names(actor: Actor) -> list[tuple[int, str]]:
    """The broker's clients, by name, for the switcher."""
    with tenant_scope(Scope(insured_ids=actor.clients)):
        return [(int(i), str(n)) for i, n in db.session.execute(
            select(Insured.id, Insured.name).order_by(Insured.name, Insured.id))]


def client_rows(actor: Actor) -> list[ClientRow]:
    """Each client's cover, requests pending, overdues and claims in progress, and limits
    expiring within 30 days, read as the broker acting for that client."""
    names = dict(client_names(actor))
    rows = []
    for insured_id, permissions in actor.appointments:
        if insured_id not in names:
            continue
        acting = actor.for_client(insured_id)
        with tenant_scope(Scope.of(acting)):
            rows.append(_row(acting, names[insured_id], permissions))
    return sorted(rows, key=lambda r: r.name)


def _row(acting: Actor, name: str, permissions: frozenset[Permission]) -> ClientRow:
    head = summary(portfolio(db.session, actor=acting, with_claims=False))
    count = db.session.scalar
    soon = today() + EXPIRY_WINDOW
    expiring = limits_query(expiring_before=soon).order_by(None).subquery()
    return ClientRow(
        insured_id=int(acting.insured_id or 0), name=name, permissions=permissions,
        cover=head["exposure"], currency=head["currency"],
        pending=count(select(func.count()).select_from(LimitRequest).where(
            LimitRequest.status == RequestStatus.REFERRED)) or 0,
        open_cases=count(select(func.count()).select_from(CollectionCase).where(
            CollectionCase.status != CaseStatus.CLOSED)) or 0,
        open_claims=count(select(func.count()).select_from(Claim).where(Claim.status.in_(
            [ClaimStatus.OPEN, ClaimStatus.ASSESSED, ClaimStatus.APPROVED]))) or 0,
        expiring=count(select(func.count()).select_from(expiring)) or 0,
    )


CLIENTS = Table("clients", [
    Column(_l("Client"), lambda r: r.name),
    Column(_l("Cover"), lambda r: r.cover),
    Column(_l("Currency"), lambda r: r.currency),
    Column(_l("Requests pending"), lambda r: r.pending),
    Column(_l("Overdue cases not closed"), lambda r: r.open_cases),
    Column(_l("Claims in progress"), lambda r: r.open_claims),
    Column(_l("Limits expiring within 30 days"), lambda r: r.expiring),
    Column(_l("You may"), lambda r: ", ".join(str(PERMISSIONS[p]) for p in sorted(r.permissions))),
])


def broker_board(actor: Actor) -> tuple[dict[str, object], list[Listing]]:
    rows = client_rows(actor)
    totals = {"pending": sum(r.pending for r in rows),
              "open_cases": sum(r.open_cases for r in rows),
              "open_claims": sum(r.open_claims for r in rows),
              "expiring": sum(r.expiring for r in rows)}
    return {"clients": rows, "totals": totals}, [Listing(CLIENTS, rows)]


@bp.post("/clients/switch")
@sign_in_required
def switch() -> ResponseReturnValue:
    """Act for one client from now on, or (no client) see all of them."""
    actor = current_actor()
    assert actor is not None
    if not actor.is_broker:
        abort(403)
    raw = request.form.get("insured_id", "")
    if raw == "":
        session.pop("client", None)
    elif raw.isascii() and raw.isdigit() and int(raw) in actor.clients:
        session["client"] = int(raw)
    else:
        abort(404)
    return redirect(url_for("home.index"))
