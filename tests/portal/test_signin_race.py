"""The sign-in throttle under concurrent attempts, with real commits: wrong passwords sent all at
once are counted one by one, none beyond the free attempts is checked, and none fails (the first
failures for an e-mail used to race to insert its row)."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
from sqlalchemy import select

from core.accounts import signin
from core.accounts.models import SignInThrottle
from tests.endpoints import TODAY
from tests.factories import World, build_world
from tests.portal.test_concurrency import at_once

ATTEMPTS = 30


@pytest.fixture
def live(committing_app: Flask, monkeypatch: pytest.MonkeyPatch) -> tuple[Flask, World]:
    monkeypatch.setenv("TCI_TODAY", TODAY)
    with committing_app.extensions["database"].factory() as session:
        return committing_app, build_world(session)


@pytest.mark.parametrize("known", [True, False], ids=["a user's email", "an unknown email"])
def test_wrong_passwords_at_once_are_counted_one_by_one(live, known: bool) -> None:
    app, world = live
    email = world.a.user.email if known else "nobody.here@example.test"
    answers = at_once(ATTEMPTS, lambda n: app.test_client().post(
        "/api/v1/auth/token", json={"email": email, "password": f"wrong-password-{n}"}))
    statuses = Counter(a.status_code for a in answers)
    assert set(statuses) <= {401, 429}, statuses
    assert statuses[401] == signin.FREE_ATTEMPTS, statuses  # checked: never more than allowed
    with app.extensions["database"].factory() as session:
        key = signin.throttle_key(email, "127.0.0.1")
        counted = session.scalar(select(SignInThrottle.failures)
                                 .where(SignInThrottle.email == key))
    assert counted == signin.FREE_ATTEMPTS
