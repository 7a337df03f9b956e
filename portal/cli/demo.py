"""`flask demo seed`: a believable small world to click through. Running it again adds nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from core import clock
from core.accounts import brokers
from core.accounts.models import Broker, Insured, User
from core.accounts.services import create_insured, create_user
from core.actor import SYSTEM, Permission, Role
from core.tenancy import Scope, tenant_scope
from portal.cli.demo_buyers import seed_buyers, seed_insolvency
from portal.cli.demo_claims import HISTORY_DAYS, seed_claims, seed_declarations
from portal.cli.demo_limits import seed_limits
from portal.database import db
from underwriting.grading.runs import grade
from underwriting.policies import Policy
from underwriting.policies.services import create_policy
from underwriting.policies.terms import TermsChanges

DEMO_PASSWORD = "Demo-credit-2026"  # noqa: S105 - printed for the demonstration on purpose


@dataclass(frozen=True)
class DemoInsured:
    name: str
    country: str
    registration_number: str
    policy_number: str
    currency: str
    terms: dict[str, Any]
    users: tuple[tuple[str, Role, str], ...] = field(default_factory=tuple)


STAFF = (
    ("admin@insurer.example", Role.INSURER_ADMIN, "Adele Admin"),
    ("underwriter@insurer.example", Role.UNDERWRITER, "Ulrich Underwriter"),
    ("claims@insurer.example", Role.CLAIMS_HANDLER, "Clara Claims"),
)

INSUREDS = (
    DemoInsured(
        name="浙江华瑞机电进出口有限公司", country="CN",
        registration_number="91330100MA27XK9Q3L", policy_number="CN-2026-0001", currency="USD",
        terms={"max_credit_period_days": 90, "deductible_per_buyer": "1000.00"},
        users=(("admin@huarui.example", Role.INSURED_ADMIN, "王丽"),
               ("sales@huarui.example", Role.INSURED_USER, "陈伟")),
    ),
    DemoInsured(
        name="Nordwerk Maschinenbau GmbH", country="DE",
        registration_number="HRB 704512", policy_number="DE-2026-0001", currency="EUR",
        terms={"threshold": "500.00", "minimum_retention": "2000.00"},
        users=(("admin@nordwerk.example", Role.INSURED_ADMIN, "Jana Becker"),
               ("lukas.schmidt@nordwerk.example", Role.INSURED_USER, "Lukas Schmidt")),
    ),
)


BROKER = ("Harbour Credit Brokers Ltd", "GB", "09876543")
BROKER_USERS = (("broker@harbour.example", Role.BROKER_ADMIN, "Harriet Harbour"),)
APPOINTMENTS = {"CN-2026-0001": tuple(Permission), "DE-2026-0001": (Permission.READ,)}
"""The demo broker serves both insureds: the first lets it do everything, the second only
read."""


@click.group("demo", help="Demonstration data.")
def group() -> None:
    pass


@group.command("seed", help="Create demo insureds, policies and users (idempotent).")
@with_appcontext
def seed() -> None:
    session = db.session
    with tenant_scope(Scope.everyone()):
        created = [_user(session, email, role, name, None) for email, role, name in STAFF]
        broker = _broker(session)
        for demo in INSUREDS:
            insured = _insured(session, demo)
            _policy(session, insured, demo)
            created += [_user(session, e, r, n, insured.id) for e, r, n in demo.users]
            brokers.appoint(session, broker.id, actor=SYSTEM, insured_id=insured.id,
                            permissions=APPOINTMENTS[demo.policy_number])
        created += [_broker_user(session, broker, *user) for user in BROKER_USERS]
        buyers = seed_buyers(session, clock.today())
        # First graded when the story begins, so that each buyer's grade history reads in date
        # order through the overdues and the insolvency that follow; then graded as of today.
        grade(session, as_of=_story_begins())
        seed_insolvency(session, clock.today())
        requests = seed_limits(session)
        declared = seed_declarations(session)
        cases = seed_claims(session)
        graded, _changed = grade(session, as_of=clock.today())
        session.commit()
    click.echo(f"Demo data ready: {buyers} buyers ({graded} graded), {requests} limit requests, "
               f"{cases} overdue cases, {declared} months of turnover declared.")
    click.echo(f"Every demo user's password is: {DEMO_PASSWORD}")
    for email, role in created:
        click.echo(f"  {email:32} {role.value}")


def _broker(session: Session) -> Broker:
    name, country, registration = BROKER
    found = session.scalar(select(Broker).where(Broker.registration_number == registration))
    return found or brokers.register_broker(session, actor=SYSTEM, name=name, country=country,
                                            registration_number=registration)


def _broker_user(session: Session, broker: Broker, email: str, role: Role,
                 name: str) -> tuple[str, Role]:
    if session.scalar(select(User.id).where(User.email == email)) is None:
        brokers.add_broker_user(session, broker.id, actor=SYSTEM, email=email,
                                password=DEMO_PASSWORD, role=role, full_name=name)
    return email, role


def _story_begins() -> dt.date:
    today = clock.today()
    return max(today - dt.timedelta(days=HISTORY_DAYS), today.replace(month=1, day=1))


def _user(
    session: Session, email: str, role: Role, name: str, insured_id: int | None
) -> tuple[str, Role]:
    if session.scalar(select(User.id).where(User.email == email)) is None:
        create_user(session, actor=SYSTEM, email=email, password=DEMO_PASSWORD, role=role,
                    insured_id=insured_id, full_name=name)
    return email, role


def _insured(session: Session, demo: DemoInsured) -> Insured:
    existing = session.scalar(select(Insured).where(
        Insured.country == demo.country, Insured.registration_number == demo.registration_number
    ))
    return existing or create_insured(
        session, actor=SYSTEM, name=demo.name, country=demo.country,
        registration_number=demo.registration_number,
    )


def _policy(session: Session, insured: Insured, demo: DemoInsured) -> None:
    if session.scalar(select(Policy.id).where(Policy.number == demo.policy_number)) is not None:
        return
    year = clock.today().year
    create_policy(
        session, actor=SYSTEM, insured_id=insured.id, number=demo.policy_number,
        currency=demo.currency, start_date=dt.date(year, 1, 1), end_date=dt.date(year, 12, 31),
        terms=_typed_terms(demo.terms),
    )


def _typed_terms(raw: dict[str, Any]) -> TermsChanges:
    from underwriting.policies.schemas import TermsSchema

    loaded: TermsChanges = TermsSchema().load(raw)
    return loaded
