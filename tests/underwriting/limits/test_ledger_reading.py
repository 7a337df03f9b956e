"""The ledger's reading rule on plain versions: in force from its date, until a later decision
takes effect; superseded when a decision came while it still waited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from underwriting.limits import ledger


@dataclass
class V:
    amount: D
    effective_from: dt.date
    decided_on: dt.date
    change: str = "increased"


def d(text):
    return dt.date.fromisoformat(text)


def test_a_waiting_change_takes_effect_on_its_date():
    history = [V(D(100), d("2026-01-01"), d("2026-01-01"), "granted"),
               V(D(40), d("2026-04-01"), d("2026-03-01"), "reduced")]
    assert ledger.amount_on(history, d("2026-03-31"), None) == 100
    assert ledger.amount_on(history, d("2026-04-01"), None) == 40
    assert ledger.amount_on(history, d("2025-12-31"), None) == 0
    assert ledger.pending(history, d("2026-03-31")) is history[1]


def test_a_later_decision_supersedes_a_waiting_change():
    history = [V(D(100), d("2026-01-01"), d("2026-01-01"), "granted"),
               V(D(40), d("2026-04-01"), d("2026-03-01"), "reduced"),
               V(D(150), d("2026-03-10"), d("2026-03-10"))]
    assert [ledger.amount_on(history, d(day), None) for day in
            ("2026-03-09", "2026-03-10", "2026-04-01")] == [100, 150, 150]
    assert ledger.pending(history, d("2026-03-10")) is None


def test_a_withdrawal_back_to_an_event_overrides_later_versions():
    history = [V(D(100), d("2026-01-01"), d("2026-01-01"), "granted"),
               V(D(120), d("2026-02-10"), d("2026-02-10")),
               V(D(0), d("2026-02-01"), d("2026-03-01"), "withdrawn")]
    assert ledger.amount_on(history, d("2026-01-31"), None) == 100
    assert ledger.amount_on(history, d("2026-02-15"), None) == 0
    assert ledger.status_on(history, d("2026-02-15"), None) == "withdrawn"
    assert ledger.status_on(history, d("2026-01-31"), None) == "active"


def test_expiry_is_read_from_the_date():
    history = [V(D(100), d("2026-01-01"), d("2026-01-01"), "granted")]
    assert ledger.amount_on(history, d("2026-06-30"), d("2026-06-30")) == 100
    assert ledger.amount_on(history, d("2026-07-01"), d("2026-06-30")) == 0
    assert ledger.status_on(history, d("2026-07-01"), d("2026-06-30")) == "expired"
    assert ledger.status_on(history, d("2025-07-01"), d("2026-06-30")) is None
