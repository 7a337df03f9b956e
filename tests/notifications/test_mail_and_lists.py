"""E-mail in the reader's language with both parts and a link; preferences and the digest;
`.eml` files without a server; deadline reminders once each; the watch list."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claims.reminders import remind
from core.outbox import OutboxEvent
from portal.jobs import notification_digest
from tests.endpoint_objects import Making
from tests.factories import World
from tests.notifications.conftest import PostOffice, deliver
from tests.notifications.events_world import HAPPENINGS


@pytest.fixture
def made(session: Session, world: World, monkeypatch: pytest.MonkeyPatch) -> Making:
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")
    return Making(session, world, {}, {})


def _decide(made: Making) -> None:
    HAPPENINGS["limit.decided"].happen(made, HAPPENINGS["limit.decided"].arrange(made))


def test_email_follows_the_users_language_with_text_html_and_a_link(
    app: Flask, client: FlaskClient, made: Making, world: World, post_office: PostOffice,
) -> None:
    answer = client.patch("/api/v1/users/me", headers=world.as_("a.user"),
                          json={"language": "zh"})
    assert answer.status_code == 200 and answer.json["language"] == "zh"
    _decide(made)
    deliver(app)

    [chinese] = post_office.to(world.a.user.email)
    [english] = post_office.to(world.a.admin.email)
    assert chinese["Subject"].startswith("信用限额申请") and "您好" in chinese.get_body(
        ("plain",)).get_content()
    assert english["Subject"].startswith("Credit limit decision")
    html = english.get_body(("html",)).get_content()
    assert 'href="https://tci.example/limits/requests/' in html
    assert chinese["Message-ID"] != english["Message-ID"]


def test_digest_and_none_hold_back_the_email_and_the_digest_sends_one_a_day(
    app: Flask, client: FlaskClient, session: Session, made: Making, world: World,
    post_office: PostOffice,
) -> None:
    for who, mode in (("a.user", "digest"), ("a.admin", "none")):
        answer = client.put("/api/v1/users/me/notifications", headers=world.as_(who),
                            json={"limit.decided": mode})
        assert answer.status_code == 200 and answer.json["limit.decided"] == mode
    assert client.get("/api/v1/users/me/notifications",
                      headers=world.as_("a.user")).json["claim.status_changed"] == "email"
    _decide(made)
    _decide(made)
    deliver(app)
    held = post_office.to(world.a.user.email) + post_office.to(world.a.admin.email)
    assert held == []  # the broker's users, with their own settings, got theirs

    with app.app_context():
        summary = notification_digest(session, dt.date(2026, 3, 2), None)
        session.commit()
        again = notification_digest(session, dt.date(2026, 3, 2), None)
    assert summary.startswith("1 digests of 2") and again.startswith("0 digests")
    [digest] = post_office.to(world.a.user.email)
    assert "2" in digest["Subject"] and post_office.to(world.a.admin.email) == []


def test_without_a_mail_server_messages_are_eml_files(
    app: Flask, made: Making, world: World, tmp_path: Path
) -> None:
    app.config["MAIL_URL"] = None
    _decide(made)
    deliver(app)
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 4  # the insured's two users and those of the broker it appointed
    letters = [message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert {m["To"] for m in letters} == {world.a.user.email, world.a.admin.email,
                                          world.broker_user.email, world.broker_admin.email}


def test_a_deadline_is_reminded_14_and_3_days_ahead_once_each(
    session: Session, made: Making, world: World
) -> None:
    due = dt.date(2026, 4, 30)

    def on(day: dt.date) -> bool:
        return remind(session, insured_id=world.a.insured.id, kind="claim_filing_deadline",
                      due=due, as_of=day, object_type="collection_case", object_id=7)

    assert [on(dt.date(2026, 4, 10)), on(dt.date(2026, 4, 16)), on(dt.date(2026, 4, 16)),
            on(dt.date(2026, 4, 20)), on(dt.date(2026, 4, 27)), on(dt.date(2026, 4, 28)),
            on(dt.date(2026, 5, 1))] == [False, True, False, False, True, False, False]
    count = session.scalar(select(func.count()).select_from(OutboxEvent).where(
        OutboxEvent.event_type == "deadline.approaching"))
    assert count == 2


def test_the_watch_list_is_the_insureds_own(
    client: FlaskClient, made: Making, world: World
) -> None:
    buyer_id = made.buyer("watched")
    a, b = world.as_("a.user"), world.as_("b.user")
    assert client.post("/api/v1/watchlist", headers=a, json={"buyer_id": buyer_id}
                       ).status_code == 201
    assert client.post("/api/v1/watchlist", headers=a, json={"buyer_id": buyer_id}
                       ).status_code == 201  # watching twice changes nothing
    assert [w["buyer_id"] for w in client.get("/api/v1/watchlist", headers=a).json["items"]
            ] == [buyer_id]
    assert client.get("/api/v1/watchlist", headers=b).json["items"] == []
    assert client.delete(f"/api/v1/watchlist/{buyer_id}", headers=b).status_code == 404
    assert client.delete(f"/api/v1/watchlist/{buyer_id}", headers=a).status_code == 204
    assert client.get("/api/v1/watchlist", headers=a).json["items"] == []
    assert client.get("/api/v1/watchlist", headers=world.as_("underwriter")).status_code == 403


def test_insurer_admins_see_only_the_insurers_feed_and_insured_users_no_hooks(
    client: FlaskClient, world: World
) -> None:
    made = client.post("/api/v1/webhooks", headers=world.as_("a.admin"), json={
        "url": "http://127.0.0.1:9/a", "events": ["premium.invoiced"]}).json
    assert made["secret"].startswith("whsec_")
    assert client.get("/api/v1/webhooks", headers=world.as_("insurer_admin")).json["total"] == 0
    assert client.get("/api/v1/webhooks", headers=world.as_("b.admin")).json["total"] == 0
    assert client.get("/api/v1/webhooks", headers=world.as_("a.user")).status_code == 403
    listed = client.get("/api/v1/webhooks", headers=world.as_("a.admin")).json["items"]
    assert [h["id"] for h in listed] == [made["id"]] and "secret" not in listed[0]
