"""Every event of the contract reaches its own insured's users by e-mail and its hooks, signed,
and the insurer's feed; never another insured's inbox or hook. A receiver that fails first
gets the message exactly once more."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook as Verifier

from core.clock import utcnow
from tests import endpoint_objects as made_for
from tests.endpoint_objects import Making
from tests.factories import World
from tests.notifications.conftest import PostOffice, Receiver, deliver
from tests.notifications.events_world import HAPPENINGS


def hook(client: FlaskClient, world: World, who: str, url: str,
         events: list[str] | None = None) -> dict[str, Any]:
    answer = client.post("/api/v1/webhooks", headers=world.as_(who),
                         json={"url": url, "events": events or sorted(HAPPENINGS)})
    assert answer.status_code == 201, answer.json
    return dict(answer.json)


def verified(receiver: Receiver, secret: str) -> list[dict[str, Any]]:
    return [Verifier(secret).verify(body, headers) for headers, body in receiver.received]


@pytest.mark.parametrize("kind", sorted(HAPPENINGS))
def test_each_event_reaches_its_insured_by_email_and_webhook_and_no_other_insured(
    app: Flask, client: FlaskClient, session: Session, world: World, post_office: PostOffice,
    receiver: Receiver, other_receiver: Receiver, insurer_receiver: Receiver, kind: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    made = Making(session, world, {}, {})
    happening = HAPPENINGS[kind]
    arranged = happening.arrange(made)
    deliver(app)  # what arranging told anyone is not what this test watches
    post_office.messages.clear()
    mine = hook(client, world, "a.admin", receiver.url)
    theirs = hook(client, world, "b.admin", other_receiver.url)
    insurers = hook(client, world, "insurer_admin", insurer_receiver.url)

    happening.happen(made, arranged)
    deliver(app)

    got = verified(receiver, mine["secret"])
    assert [body["type"] for body in got] == [kind]
    assert got[0]["data"] and dt.datetime.fromisoformat(got[0]["timestamp"])
    assert [b["type"] for b in verified(insurer_receiver, insurers["secret"])] == [kind]
    assert other_receiver.received == [], "another insured's hook got the event"
    assert theirs["id"] != mine["id"]
    a_mail = post_office.to(world.a.user.email) + post_office.to(world.a.admin.email)
    assert len(a_mail) == 2 and all(m["Message-ID"] for m in a_mail)
    assert post_office.to(world.b.user.email) + post_office.to(world.b.admin.email) == []
    # and the users of the broker tenant a appointed, who act for it: no one else
    brokers = post_office.to(world.broker_user.email) + post_office.to(world.broker_admin.email)
    assert len(brokers) == 2
    assert len(post_office.messages) == 4


def test_a_receiver_failing_first_gets_the_message_exactly_once_more(
    app: Flask, client: FlaskClient, session: Session, world: World, receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    made = Making(session, world, {}, {})
    mine = hook(client, world, "a.admin", receiver.url, ["limit.decided"])
    receiver.answers = [500]
    HAPPENINGS["limit.decided"].happen(made, HAPPENINGS["limit.decided"].arrange(made))
    now = utcnow()

    deliver(app, now=now)
    deliver(app, now=now + dt.timedelta(seconds=10))  # not due again yet
    log = client.get(f"/api/v1/webhooks/{mine['id']}/deliveries", headers=world.as_("a.admin"))
    [entry] = log.json["items"]
    assert (entry["status"], entry["response_code"], entry["attempts"]) == ("pending", 500, 1)
    assert dt.datetime.fromisoformat(entry["next_attempt_at"]) <= now + dt.timedelta(seconds=60)

    deliver(app, now=now + dt.timedelta(seconds=61))
    deliver(app, now=now + dt.timedelta(days=2))

    assert len(receiver.received) == 2
    first, second = (headers for headers, _body in receiver.received)
    assert first["webhook-id"] == second["webhook-id"] == entry["message_id"]
    assert len(verified(receiver, mine["secret"])) == 2
    log = client.get(f"/api/v1/webhooks/{mine['id']}/deliveries", headers=world.as_("a.admin"))
    [entry] = log.json["items"]
    assert (entry["status"], entry["response_code"], entry["attempts"]) == ("delivered", 204, 2)


def test_redelivery_by_hand_sends_the_same_message_again(
    app: Flask, client: FlaskClient, session: Session, world: World, receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    made = Making(session, world, {}, {})
    mine = hook(client, world, "a.admin", receiver.url, ["limit.decided"])
    HAPPENINGS["limit.decided"].happen(made, HAPPENINGS["limit.decided"].arrange(made))
    deliver(app)
    path = f"/api/v1/webhooks/{mine['id']}/deliveries"
    [entry] = client.get(path, headers=world.as_("a.admin")).json["items"]

    answer = client.post(f"{path}/{entry['id']}/redeliver", headers=world.as_("a.admin"))
    assert answer.status_code == 202 and answer.json["status"] == "pending"
    assert client.post(f"{path}/{entry['id']}/redeliver",
                       headers=world.as_("b.admin")).status_code == 404
    deliver(app)

    assert [h["webhook-id"] for h, _b in receiver.received] == [entry["message_id"]] * 2


def test_a_hook_failing_for_three_days_is_disabled_and_its_admin_told(
    app: Flask, client: FlaskClient, session: Session, world: World, receiver: Receiver,
    post_office: PostOffice, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    made = Making(session, world, {}, {})
    mine = hook(client, world, "a.admin", receiver.url, ["limit.decided"])
    receiver.answers = [503] * 100
    HAPPENINGS["limit.decided"].happen(made, HAPPENINGS["limit.decided"].arrange(made))
    start, attempts = utcnow(), 0
    for hours in range(0, 80, 2):  # the worker, every two hours for more than three days
        attempts += deliver(app, now=start + dt.timedelta(hours=hours)).failed
    assert 9 <= attempts <= 20, attempts  # retried with growing delays, not every round

    [listed] = client.get("/api/v1/webhooks", headers=world.as_("a.admin")).json["items"]
    assert listed["id"] == mine["id"] and listed["active"] is False and listed["disabled_at"]
    told = post_office.to(world.a.admin.email)
    assert any(f"Webhook {mine['id']}" in m["Subject"] for m in told)
    assert not any("Webhook" in m["Subject"] for m in post_office.to(world.a.user.email))
    assert not any("Webhook" in m["Subject"] for m in post_office.to(world.b.admin.email))


def test_a_message_from_the_insured_reaches_the_claims_handlers_not_the_insured(
    app: Flask, client: FlaskClient, session: Session, world: World, post_office: PostOffice,
    receiver: Receiver, insurer_receiver: Receiver, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    made = Making(session, world, {}, {})
    case_id = made_for.case(made, world.a)
    deliver(app)
    post_office.messages.clear()
    mine = hook(client, world, "a.admin", receiver.url)
    insurers = hook(client, world, "insurer_admin", insurer_receiver.url)
    written = client.post(f"/api/v1/collection-cases/{case_id}/messages",
                          json={"body": "The buyer promised to pay on Friday.\nWe wait."},
                          headers=world.as_("a.user"))
    assert written.status_code == 201, written.json
    deliver(app)

    to_handler = post_office.to(world.claims_handler.email)
    assert len(to_handler) == 1 and f"case {case_id}" in to_handler[0]["Subject"]
    assert "The buyer promised to pay on Friday. We wait." in str(to_handler[0])
    assert post_office.to(world.a.user.email) + post_office.to(world.a.admin.email) == []
    assert receiver.received == []  # the insured knows what it wrote
    got = verified(insurer_receiver, insurers["secret"])
    assert [(b["type"], b["data"]["from"]) for b in got] == [("message.written", "insured")]
    assert mine["id"]
