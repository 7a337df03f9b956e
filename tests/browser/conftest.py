"""Journeys through the pages in a real browser: Debian's Chromium driven by Playwright, against
the app served on loopback from a database of its own whose requests really commit.

Screenshots of each journey's steps are kept in test-artifacts/browser/ (not committed).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic import command
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from core.db import make_engine
from portal import create_app
from portal.cli.database import alembic_config
from tests.factories import PASSWORD, World, build_world

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
TODAY = "2026-03-02"


@dataclass
class Site:
    """The app served for the browser, and the people and data in its database."""

    url: str
    app: Flask
    world: World

    def session(self) -> Session:
        """A session on the served database, to set the scene and check the outcome."""
        return self.app.extensions["database"].factory()


def _own_database(database_url: str, tmp: Path) -> str:
    """The suite's database server, a database of the journeys' own (they commit)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        return f"sqlite:///{tmp / 'browser.sqlite'}"
    own = url.set(database=f"{url.database}_browser")
    admin = make_engine(url.render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}"'))
        connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    admin.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TCI_TODAY", TODAY)
        tmp = tmp_path_factory.mktemp("browser")
        url = _own_database(database_url, tmp)
        command.upgrade(alembic_config(url), "head")
        app = create_app({"SECRET_KEY": "browser-journeys", "DATABASE_URL": url,
                          "DOCUMENTS_FOLDER": str(tmp / "documents")})
        with app.extensions["database"].factory() as session:
            world = build_world(session)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield Site(f"http://127.0.0.1:{server.server_port}", app, world)
        server.shutdown()
        app.extensions["database"].engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: bin/install test installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@dataclass
class Visitor:
    """One person in one browser context, in one language, taking screenshots as they go."""

    page: Page
    site: Site
    lang: str
    journey: str
    shots: int = 0

    def open(self, path: str) -> None:
        self.page.goto(self.site.url + path)

    def sign_in(self, email: str) -> None:
        self.open("/sign-in")
        self.page.locator('input[name="email"]').fill(email)
        self.page.locator('input[name="password"]').fill(PASSWORD)
        self.page.locator('form[action="/sign-in"] button[type="submit"]').click()
        self.page.wait_for_load_state()
        if self.lang == "zh":
            self.page.locator('button[name="lang"][value="zh"]').click()
            self.page.wait_for_load_state()

    def download(self, link: Locator) -> bytes:
        """What the link serves to this signed-in person (a PDF opens in the browser's own
        viewer, which a headless browser does not draw, so it is fetched with the page's
        cookies instead)."""
        answer = self.page.request.get(self.site.url + (link.get_attribute("href") or ""))
        assert answer.ok, answer.status
        return answer.body()

    def shot(self, step: str) -> None:
        self.shots += 1
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        name = f"{self.journey}-{self.lang}-{self.shots:02d}-{step}.png"
        self.page.screenshot(path=str(ARTEFACTS / name), full_page=True)


@pytest.fixture(params=["en", "zh"])
def visitor_factory(
    request: pytest.FixtureRequest, browser: Browser, site: Site
) -> Iterator[Callable[[str], Visitor]]:
    """Make visitors for the test, in English and again in Chinese."""
    contexts = []

    def make(journey: str) -> Visitor:
        context = browser.new_context(locale="en-GB", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return Visitor(page, site, request.param, journey)

    yield make
    for context in contexts:
        context.close()
