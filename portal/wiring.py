"""How the domains are wired to one another, in one place.

A lower layer never imports a higher one: it offers a hook (a signal, or a list of answers to
its questions) and the layer above answers it. Every entry point builds its app with
`create_app`, whose first step is `wire()`: the web app, the command line, the scheduler and the
tests alike. `wire()` refuses to finish with a hook left unanswered, so no process runs with a
layer that silently answers "no overdue" or lets a grade stand still.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blinker import Signal

from buyers_db.signals import buyer_changed, legal_event_recorded
from claims.hooks import overdue_open, payment_experience
from core import catalogue
from underwriting.grading.inputs import experience_sources
from underwriting.grading.runs import follow_buyer_changes, grade_changed
from underwriting.limits.alerts import alert_holders
from underwriting.limits.overdue import overdue_checks
from underwriting.limits.withdrawals import withdraw_on_legal_event


@dataclass(frozen=True)
class Hook:
    """A question a lower layer asks, and the function of a higher layer that answers it."""

    name: str
    answer: Callable[..., Any]
    offered: list[Any] | Signal

    def connected(self) -> bool:
        if isinstance(self.offered, Signal):
            return any(receiver is self.answer for receiver in self.offered.receivers.values())
        return self.answer in self.offered

    def connect(self) -> None:
        if self.connected():
            return
        if isinstance(self.offered, Signal):
            self.offered.connect(self.answer, weak=False)
        else:
            self.offered.append(self.answer)


HOOKS = (
    Hook("an open overdue refers limit requests and stops discretionary limits",
         overdue_open, overdue_checks),
    Hook("payment experience worsens grades", payment_experience, experience_sources),
    Hook("a buyer's grade follows its data", follow_buyer_changes, buyer_changed),
    Hook("a worsened grade alerts the insureds holding limits", alert_holders, grade_changed),
    Hook("insolvency or ceased trading withdraws the limits on the buyer",
         withdraw_on_legal_event, legal_event_recorded),
)


class WiringError(RuntimeError):
    pass


CATALOGUE = Path(__file__).parent / "translations"
"""The one catalogue of words: the pages read it through Flask-Babel, the other layers through
`core.catalogue`."""


def missing() -> list[str]:
    """The hooks no function answers in this process."""
    unanswered = [hook.name for hook in HOOKS if not hook.connected()]
    if not catalogue.wired():
        unanswered.append("documents and e-mails read their words from the catalogue")
    return unanswered


def wire() -> None:
    """Connect every hook, once however often it is called; fail if one stays unanswered."""
    catalogue.use(CATALOGUE)
    for hook in HOOKS:
        hook.connect()
    if unanswered := missing():
        raise WiringError(f"Hooks left unanswered: {'; '.join(unanswered)}")
