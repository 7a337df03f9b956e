"""Several delivery workers on one outbox, with real commits on the suite's database
(PostgreSQL in CI: each takes its rows with FOR UPDATE SKIP LOCKED; SQLite: writers queue):
every message goes out exactly once, whichever worker sends it."""

from __future__ import annotations

from pathlib import Path

from core import outbox
from core.outbox import EventType
from core.tenancy import Scope, tenant_scope
from notifications.mail import Postbox
from notifications.worker import Outlets, drain
from tests.factories import build_world
from tests.notifications.conftest import post_office  # noqa: F401 (a fixture)
from tests.portal.test_concurrency import at_once

EVENTS = 40


def test_two_workers_send_each_message_once(committing_app, post_office, tmp_path):  # noqa: F811
    factory = committing_app.extensions["database"].factory
    with factory() as session, tenant_scope(Scope.everyone()):
        world = build_world(session)
        for n in range(EVENTS):
            outbox.record(session, EventType.PREMIUM_INVOICED, world.a.insured.id,
                          {"id": n + 1, "number": f"P-{n + 1}", "amount": "10.00",
                           "currency": "EUR"}, object_type="premium_invoice", object_id=n + 1)
        session.commit()
        readers = {world.a.user.email, world.a.admin.email,  # and its broker's users
                   world.broker_user.email, world.broker_admin.email}
    outlets = Outlets(Postbox(f"smtp://127.0.0.1:{post_office.port}", Path(tmp_path), "t@x"),
                      "https://tci.example", allow_local=False)

    rounds = at_once(2, lambda n: drain(factory, outlets))

    assert sum(done.delivered for done in rounds) == EVENTS * len(readers)
    assert sum(done.dispatched for done in rounds) == EVENTS
    ids = [message["Message-ID"] for message in post_office.messages]
    assert len(ids) == EVENTS * len(readers) == len(set(ids)), "a message went out twice"
    assert {message["To"] for message in post_office.messages} == readers
