"""The insurer administrator's home beyond the portfolio: premium declared and invoiced this
year, the latest invoices, the insureds with their users and policies, and the staff."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from core.accounts import services as accounts
from core.accounts.models import Insured, User
from core.actor import Actor
from portal.database import db
from portal.pages import columns
from portal.pages import dashboard_columns as board_columns
from portal.pages.downloads import Column, Listing, Table
from reports.premium_figures import latest_invoices, premium_in_year
from underwriting.policies import Policy


def _of_insured(column: Column) -> Column:
    """A column of the insureds list, read from a row that holds the insured."""
    return Column(column.header, lambda row: column.value(row["insured"]))


INSUREDS = Table("insureds", [  # the insureds' own columns, then their counts
    *[_of_insured(c) for c in columns.INSUREDS.columns],
    Column(_l("Users"), lambda r: r["users"]),
    Column(_l("Policies"), lambda r: r["policies"]),
])


def premium_and_people(actor: Actor, year: int) -> tuple[dict[str, Any], list[Listing]]:
    premium = premium_in_year(db.session, year)
    invoices = latest_invoices(db.session)
    insureds = insureds_with_counts()
    staff = accounts.list_users(db.session, actor=actor, insured_id=None)
    context = {"premium": premium, "premium_year": year, "invoices": invoices,
               "insureds": insureds, "staff": staff}
    return context, [Listing(board_columns.PREMIUM, premium),
                     Listing(board_columns.INVOICES, invoices), Listing(INSUREDS, insureds),
                     Listing(columns.USERS, staff)]


def insureds_with_counts() -> list[dict[str, Any]]:
    users = dict(db.session.execute(
        select(User.insured_id, func.count()).where(User.insured_id.is_not(None))
        .group_by(User.insured_id)
    ).tuples().all())
    policies = dict(db.session.execute(
        select(Policy.insured_id, func.count()).group_by(Policy.insured_id)
    ).tuples().all())
    return [
        {"insured": insured, "users": users.get(insured.id, 0),
         "policies": policies.get(insured.id, 0)}
        for insured in db.session.scalars(select(Insured).order_by(Insured.name))
    ]
