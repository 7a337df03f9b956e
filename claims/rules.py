"""Checks every claims service makes on what it is given: money in the policy's currency and
its minor unit, and business dates that have happened."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.clock import today
from core.errors import RuleViolation
from core.money import money_problem


def check_currency(given: str | None, currency: str) -> None:
    """Every amount under a policy is in its currency; an amount said to be in another is
    refused, never converted."""
    if given is not None and given.upper() != currency:
        raise RuleViolation(f"Amounts under this policy are in {currency}.",
                            fields={"currency": [f"Must be {currency}."]})


def check_money(
    found: dict[str, list[str]], name: str, amount: Decimal, currency: str, *,
    allow_zero: bool = True,
) -> None:
    """Add to `found` why `amount` is not acceptable in `currency`, if it is not."""
    problem = money_problem(amount, currency, allow_zero=allow_zero)
    if problem:
        found.setdefault(name, []).append(problem)


def check_amount(amount: Decimal, currency: str, name: str = "amount") -> None:
    found: dict[str, list[str]] = {}
    check_money(found, name, amount, currency, allow_zero=False)
    if found:
        raise RuleViolation("The amount is not valid.", fields=found)


def check_not_future(day: dt.date, name: str) -> None:
    if day > today():
        raise RuleViolation("That date has not come yet.",
                            fields={name: [f"On or before {today().isoformat()}."]})


NOTIFICATION_BACKDATING = dt.timedelta(days=1)
"""How far before the request a notification may be dated (docs/domain.md §9): the day before, for a
notification prepared at the end of one day and sent the next; never further, or a late
notification would pass for a timely one."""


def check_notified_on(day: dt.date) -> None:
    earliest = today() - NOTIFICATION_BACKDATING
    check_not_future(day, "notified_on")
    if day < earliest:
        raise RuleViolation("A notification is dated the day it is made, or the day before.",
                            fields={"notified_on": [f"On or after {earliest.isoformat()}."]})
