"""The receivables ledger as the insured reads it: per buyer the open balance, aged at the
business date, the part above the credit limit in force that day, and the warnings on its
invoices (claims.receivables.frames says how each is found).

Read in bulk (`fetch_tuples`, the tenant filter applied; amounts turned into integer hundredths
by the database) and computed on DataFrames: 100,000 lines are one read and a few group-bys,
not an object per row. The dates that decide a claim are the indemnity engine's own
(`mep_expiry`, `notification_deadline`, `stop_date`) and the limits the ledger's
(`underwriting.limits.ledger`), so the warnings say what a claim would find."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from sqlalchemy import BigInteger, cast, func, select
from sqlalchemy.orm import Session

from buyers_db.models import Buyer
from claims.indemnity import Invoice, stop_date
from claims.models import CaseInvoice, CollectionCase
from claims.receivables import frames
from claims.receivables.frames import BUCKETS, DEADLINE_KINDS, DeadlineOffsets
from claims.receivables.models import ReceivableLine
from claims.states import CaseStatus
from core.actor import INSURED_ROLES, STAFF_ROLES, Action, Actor, Permission
from core.clock import today
from core.tenancy import fetch_tuples
from underwriting.limits import ledger as limit_ledger
from underwriting.limits.grants import Cover, first_cover
from underwriting.limits.models import CreditLimit, CreditLimitVersion, LimitType
from underwriting.policies.models import Policy
from underwriting.policies.services import get_policy

ZERO = Decimal(0)
ENDED = frozenset(limit_ledger.ENDING_CHANGES.values()) | {"expired"}


class LineWarning(NamedTuple):
    """A warning on one line (a named tuple: a ledger may hold tens of thousands)."""

    kind: str
    invoice_number: str
    due_on: dt.date
    """The deadline's day for a deadline; the invoice's due date otherwise."""
    days_left: int | None
    """Days from the ledger's date to a deadline; None for the other kinds."""


@dataclass(frozen=True)
class BuyerReceivables:
    buyer_id: int
    buyer_name: str
    country: str
    registration_number: str
    currency: str
    invoices: int
    open_balance: Decimal
    overdue: Decimal
    ageing: dict[str, Decimal]
    limit: Decimal
    uncovered: Decimal
    warnings: list[LineWarning]


@dataclass(frozen=True)
class Ledger:
    policy_id: int
    currency: str
    as_of: dt.date
    buyers: list[BuyerReceivables]


READ = Action.of("read the receivables ledger", *INSURED_ROLES, *STAFF_ROLES,
                 broker=Permission.READ)


def receivables(session: Session, policy_id: int, *, actor: Actor) -> Ledger:
    """The policy's ledger at the business date, for its insured or the insurer's staff."""
    actor.require(READ)
    return ledger_of(session, get_policy(session, policy_id, actor=actor), today())


def ledger_of(session: Session, policy: Policy, as_of: dt.date) -> Ledger:
    """The ledger of `policy` on `as_of`, the policy already checked to be the reader's."""
    lines = _lines(session, policy.id)
    if lines.empty:
        return Ledger(policy.id, policy.currency, as_of, [])
    day = frames.day_number(as_of)
    offsets = DeadlineOffsets.of(policy.terms_on(as_of).terms)
    limits = _limits(session, policy.id)
    stop = _stops(session, policy, lines, day, offsets)
    found = frames.warnings(lines, day, offsets, stop, _ended(lines, limits),
                            _notified(session, policy.id, lines))
    aged = frames.ageing(lines, day)
    return Ledger(policy.id, policy.currency, as_of,
                  _entries(session, policy, aged, lines, found, limits, as_of))


def _lines(session: Session, policy_id: int) -> pd.DataFrame:
    line = ReceivableLine
    # hundredths by the database: SQLite keeps NUMERIC as a float, which never reaches us
    query = select(line.buyer_id, line.invoice_number, line.invoice_date, line.delivery_date,
                   line.due_date, cast(func.round(line.amount * 100), BigInteger)).where(
        line.policy_id == policy_id)
    frame = pd.DataFrame.from_records(fetch_tuples(session, query), columns=[
        "buyer_id", "invoice_number", "invoice_date", "delivery_date", "due_date", "amount"])
    if frame.empty:
        return frame
    return pd.DataFrame({
        "buyer_id": frame["buyer_id"].astype("int64"),
        "invoice_number": frame["invoice_number"],
        "invoice_day": frames.day_numbers(frame["invoice_date"]),
        "delivery_day": frames.day_numbers(frame["delivery_date"]),
        "due_day": frames.day_numbers(frame["due_date"]),
        "amount": frame["amount"].astype("int64")})


def _notified(session: Session, policy_id: int, lines: pd.DataFrame) -> np.ndarray:
    """The lines whose invoice was notified overdue on the buyer under the policy."""
    query = select(CollectionCase.buyer_id, CaseInvoice.number).join(CaseInvoice.case).where(
        CollectionCase.policy_id == policy_id)
    notified = set(session.execute(query).tuples())
    if not notified:
        return np.zeros(len(lines), dtype=bool)
    return np.fromiter((pair in notified for pair in zip(
        lines["buyer_id"].tolist(), lines["invoice_number"].tolist(), strict=True)),
        dtype=bool, count=len(lines))


class _Version(NamedTuple):
    """A limit version as `underwriting.limits.ledger` reads it."""

    amount: Decimal
    effective_from: dt.date
    decided_on: dt.date
    change: str


@dataclass
class _Limit:
    limit_id: int
    type: LimitType
    expires_on: dt.date | None
    versions: list[_Version]

    def amount_on(self, day: dt.date) -> Decimal:
        return limit_ledger.amount_on(self.versions, day, self.expires_on)

    def ended_on(self, day: dt.date) -> bool:
        return limit_ledger.status_on(self.versions, day, self.expires_on) in ENDED


def _limits(session: Session, policy_id: int) -> dict[int, list[_Limit]]:
    """Every limit of the policy with its history, per buyer."""
    version = CreditLimitVersion
    query = (select(CreditLimit.buyer_id, CreditLimit.id, CreditLimit.type,
                    CreditLimit.expires_on, cast(func.round(version.amount * 100), BigInteger),
                    version.effective_from, version.decided_on, version.change)
             .join(version, version.credit_limit_id == CreditLimit.id)
             .where(CreditLimit.policy_id == policy_id)
             .order_by(CreditLimit.id, version.id))
    limits: dict[int, _Limit] = {}
    per_buyer: dict[int, list[_Limit]] = defaultdict(list)
    for buyer_id, limit_id, kind, expires, amount, start, decided, change in fetch_tuples(
            session, query):
        if limit_id not in limits:
            limits[limit_id] = _Limit(limit_id, LimitType(kind), _date(expires), [])
            per_buyer[buyer_id].append(limits[limit_id])
        limits[limit_id].versions.append(
            _Version(Decimal(amount).scaleb(-2), _date(start), _date(decided), change))
    return per_buyer


def _date(value: Any) -> Any:
    """SQLite hands a date over as text: read it back as a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def in_force(limits: list[_Limit], day: dt.date, currency: str) -> Decimal:
    """The amount of the limit covering the buyer on `day` (`grants.first_cover`'s choice)."""
    cover = first_cover([Cover(limit.limit_id, limit.type, amount, currency)
                         for limit in limits if (amount := limit.amount_on(day)) > 0])
    return cover.amount if cover is not None else ZERO


def _ended(lines: pd.DataFrame, limits: dict[int, list[_Limit]]) -> np.ndarray:
    """The lines delivered when no limit of the buyer covered and one had ended (withdrawn,
    cancelled, lapsed, expired). Only buyers whose history holds an end are looked at."""
    ending = {buyer_id for buyer_id, held in limits.items() if any(
        limit.expires_on is not None or any(v.change in limit_ledger.ENDING_CHANGES
                                            for v in limit.versions) for limit in held)}
    mask = np.zeros(len(lines), dtype=bool)
    if not ending:
        return mask
    asked = lines["buyer_id"].isin(ending).to_numpy()
    answers: dict[tuple[int, int], bool] = {}
    for position in np.flatnonzero(asked):
        buyer_id, day = int(lines["buyer_id"].iat[position]), int(
            lines["delivery_day"].iat[position])
        if (buyer_id, day) not in answers:
            delivered, held = frames.day_of(day), limits[buyer_id]
            answers[(buyer_id, day)] = (all(limit.amount_on(delivered) <= 0 for limit in held)
                                        and any(limit.ended_on(delivered) for limit in held))
        mask[position] = answers[(buyer_id, day)]
    return mask


def _stops(session: Session, policy: Policy, lines: pd.DataFrame, day: int,
           offsets: DeadlineOffsets) -> pd.Series:
    """Per buyer, the first delivery day no longer covered, as the engine's `stop_date` finds
    it: the buyer's overdue notification (its open case's stop date), or the first MEP expiry
    reached with an invoice unpaid, which every line of the ledger still is."""
    open_cases = select(CollectionCase.buyer_id, CollectionCase.stop_date).where(
        CollectionCase.policy_id == policy.id, CollectionCase.status != CaseStatus.CLOSED)
    cases = dict(session.execute(open_cases).tuples().all())
    oldest = _invoices(lines, frames.oldest_lapsed(lines, day, offsets))
    as_of = frames.day_of(day)
    terms = policy.terms_on(as_of).terms
    stops: dict[int, int] = {}
    for buyer_id in {*cases, *oldest}:
        invoices = [oldest[buyer_id]] if buyer_id in oldest else []
        stopped = stop_date(invoices, (), terms, cases.get(buyer_id, as_of))
        if buyer_id in cases or stopped < as_of:
            stops[int(buyer_id)] = frames.day_number(stopped)
    return pd.Series(stops, dtype="int64")


def _invoices(lines: pd.DataFrame, positions: pd.Series) -> dict[int, Invoice]:
    """The lines at `positions` (per buyer) as the engine's invoices."""
    picked = lines.loc[positions.to_numpy()]
    return {buyer_id: Invoice(number=number, invoice_date=frames.day_of(issued),
                              delivery_date=frames.day_of(delivered),
                              due_date=frames.day_of(due), amount=_money(amount))
            for buyer_id, number, issued, delivered, due, amount in zip(
                *(picked[name].tolist() for name in frames.LINE_COLUMNS), strict=True)}


def _entries(
    session: Session, policy: Policy, aged: pd.DataFrame, lines: pd.DataFrame,
    found: pd.DataFrame, limits: dict[int, list[_Limit]], as_of: dt.date,
) -> list[BuyerReceivables]:
    names = {row[0]: row[1:] for row in session.execute(
        select(Buyer.id, Buyer.name, Buyer.country, Buyer.registration_number).where(
            Buyer.id.in_(select(ReceivableLine.buyer_id).where(
                ReceivableLine.policy_id == policy.id))))}
    counts = lines.groupby("buyer_id").size().to_dict()
    warned = _warnings(found)
    columns = [aged.index.tolist(), *(aged[name].tolist() for name in (*BUCKETS,
                                                                        "open_balance"))]
    entries = []
    for buyer_id, *hundredths in zip(*columns, strict=True):
        money = [_money(amount) for amount in hundredths]
        ageing, balance = dict(zip(BUCKETS, money[:-1], strict=True)), money[-1]
        limit = in_force(limits.get(buyer_id, []), as_of, policy.currency)
        name, country, registration = names[buyer_id]
        entries.append(BuyerReceivables(
            buyer_id, name, country, registration, policy.currency, counts[buyer_id],
            balance, balance - ageing["not_due"], ageing, limit, max(balance - limit, ZERO),
            warned.get(buyer_id, [])))
    entries.sort(key=lambda entry: (-entry.uncovered, -entry.open_balance, entry.buyer_id))
    return entries


def _warnings(found: pd.DataFrame) -> dict[int, list[LineWarning]]:
    per_buyer: dict[int, list[LineWarning]] = defaultdict(list)
    days: dict[int, dt.date] = {}
    for buyer_id, kind, number, due, left in zip(
            *(found[name].tolist() for name in frames.WARNING_COLUMNS), strict=True):
        if due not in days:
            days[due] = frames.day_of(due)
        per_buyer[buyer_id].append(LineWarning(
            kind, number, days[due], left if kind in DEADLINE_KINDS else None))
    return per_buyer


def _money(hundredths: Any) -> Decimal:
    return Decimal(int(hundredths)).scaleb(-2)


def overdue_lines(
    session: Session, policy_id: int, buyer_id: int, *, actor: Actor
) -> list[tuple[ReceivableLine, str]]:
    """The buyer's lines past their due date at the business date, oldest due first, each
    with the policy's currency: what an overdue notification on the buyer would list."""
    actor.require(READ)
    policy = get_policy(session, policy_id, actor=actor)
    query = select(ReceivableLine).where(
        ReceivableLine.policy_id == policy.id, ReceivableLine.buyer_id == buyer_id,
        ReceivableLine.due_date < today()).order_by(
        ReceivableLine.due_date, ReceivableLine.invoice_number)
    return [(line, policy.currency) for line in session.scalars(query)]
