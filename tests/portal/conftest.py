"""Fixtures for the generated sweeps: one object of every kind for each tenant."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.endpoints import TODAY, Objects, objects
from tests.factories import World


@pytest.fixture
def found(session: Session, world: World, monkeypatch: pytest.MonkeyPatch) -> Objects:
    """Each tenant's insured, user, policy, token, referred request, limit and alert, and a
    shared graded buyer, on a business date inside the policy year."""
    monkeypatch.setenv("TCI_TODAY", TODAY)
    return objects(session, world)
