"""The audit trail read back: staff see every entry, an insured's admin its own insured's only,
filters narrow it, bad filters are 422; the page filters, pages and downloads the same rows."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from core.fields import LARGEST_ID
from tests.factories import World
from tests.portal.page_tables import csv_rows, xlsx_rows
from tests.portal.test_pages import sign_in, text


@pytest.fixture
def trail(client: FlaskClient, world: World) -> World:
    """One change in each insured: each admin suspends its own user."""
    for tenant in (world.a, world.b):
        who = f"{'a' if tenant is world.a else 'b'}.admin"
        done = client.post(f"/api/v1/users/{tenant.user.id}/suspend", headers=world.as_(who))
        assert done.status_code == 200
    return world


def _entries(client: FlaskClient, world: World, who: str, query: str = "") -> list[dict]:
    answer = client.get(f"/api/v1/audit{query}", headers=world.as_(who))
    assert answer.status_code == 200, answer.json
    assert set(answer.json) == {"items", "total", "page", "per_page"}
    return list(answer.json["items"])


def test_staff_see_every_entry_and_an_insureds_admin_its_own(client, trail) -> None:
    world = trail
    for who in ("insurer_admin", "underwriter", "claims_handler"):
        suspended = {e["object"]["id"] for e in _entries(client, world, who, "?per_page=200")
                     if e["action"] == "user.suspend"}
        assert {world.a.user.id, world.b.user.id} <= suspended, who
    own = _entries(client, world, "a.admin")
    assert own and {e["object"]["id"] for e in own if e["action"] == "user.suspend"} == {
        world.a.user.id}
    entry = next(e for e in own if e["action"] == "user.suspend")
    assert set(entry) == {"id", "at", "actor", "on_behalf_of", "action", "object", "before",
                          "after", "request_id"}
    assert entry["actor"] == {"id": world.a.admin.id, "email": world.a.admin.email}
    assert entry["on_behalf_of"] is None
    assert entry["object"] == {"type": "User", "id": world.a.user.id}
    assert entry["before"] == {"active": True} and entry["after"] == {"active": False}


def test_an_insured_user_may_not_read_the_trail(client, world) -> None:
    assert client.get("/api/v1/audit", headers=world.as_("a.user")).status_code == 403


def test_filters_narrow_the_trail(client, trail) -> None:
    world = trail
    user = world.a.user.id
    by_object = _entries(client, world, "insurer_admin", f"?object_type=User&object_id={user}")
    assert by_object and all(e["object"] == {"type": "User", "id": user} for e in by_object)
    assert _entries(client, world, "insurer_admin", f"?object_type=user&object_id={user}") \
        == by_object  # as the API's paths name it
    by_actor = _entries(client, world, "insurer_admin", f"?actor_id={world.b.admin.id}")
    assert by_actor and {e["actor"]["id"] for e in by_actor} == {world.b.admin.id}
    days = _entries(client, world, "insurer_admin", "?from=2000-01-01&to=2199-12-31")
    assert len(days) == len(_entries(client, world, "insurer_admin"))
    assert _entries(client, world, "insurer_admin", "?to=2000-01-01") == []
    assert _entries(client, world, "b.admin", f"?object_id={user}") == []  # a's: not b's


@pytest.mark.parametrize("query", [
    "from=yesterday", "to=2026-02-30", "from=2026-03-02&to=2026-03-01",
    f"object_id={LARGEST_ID + 1}",
    "actor_id=" + "9" * 40, "object_id=-1", "object_type=" + "x" * 65, "object_type=a%00b",
    "from=0001-01-01",
])
def test_bad_filters_are_422(client, world, query: str) -> None:
    answer = client.get(f"/api/v1/audit?{query}", headers=world.as_("insurer_admin"))
    assert answer.status_code == 422, (query, answer.status_code)
    assert answer.json["error"]["fields"]


def test_the_page_shows_before_and_after_with_the_changes_marked(client, trail) -> None:
    world = trail
    sign_in(client, world.a.admin)
    page = client.get("/audit", query_string={"object_type": "User"})
    assert page.status_code == 200
    shown = text(page)
    assert 'class="changed"><dt>active</dt>' in shown  # before and after, marked on both sides
    assert "user.suspend" in shown and f"User #{world.a.user.id}<" in shown
    assert f"User #{world.b.user.id}<" not in shown  # another insured's
    header, rows = csv_rows(client.get("/audit", query_string={
        "object_type": "User", "download": "audit", "format": "csv"}))
    assert header[:3] == ["When (UTC)", "Who", "Action"]
    suspended = [row for row in rows if row[2] == "user.suspend"]
    assert [(row[4], row[5], row[6]) for row in suspended] == [
        (str(world.a.user.id), '{"active": true}', '{"active": false}')]
    assert {row[3] for row in rows} == {"User"}
    _book_header, book_rows = xlsx_rows(client.get("/audit", query_string={
        "object_type": "User", "download": "audit", "format": "xlsx"}))
    assert len(book_rows) == len(rows)


def test_the_page_refuses_bad_filters_and_insured_users(client, world) -> None:
    sign_in(client, world.b.admin)
    assert client.get("/audit", query_string={"from": "soon"}).status_code == 422
    answer = client.get("/audit", query_string={"from": "2026-03-02", "to": "2026-03-01"})
    assert answer.status_code == 422
    assert client.get("/audit", query_string={"object_id": "9" * 40}).status_code == 422
    assert client.get("/audit", query_string={"page": "9" * 40}).status_code == 200
    client.post("/sign-out", data={"csrf_token": _token(client)})
    sign_in(client, world.b.user)
    assert client.get("/audit").status_code == 403


def test_the_page_is_in_the_menu_in_chinese_too(client, world) -> None:
    sign_in(client, world.a.admin)
    home = text(client.get("/"))
    assert 'href="/audit"' in home
    client.post("/language", data={"lang": "zh", "csrf_token": _token(client)})
    shown = text(client.get("/audit"))
    assert "审计记录" in shown and "变更前" in shown


def test_the_page_pages(client, world, session) -> None:
    from core import audit

    for _n in range(60):
        audit.record(session, world.a.admin.as_actor(), "test.touch", "Thing", insured_id=None)
    session.commit()
    sign_in(client, world.underwriter)
    first = text(client.get("/audit", query_string={"object_type": "Thing"}))
    assert first.count("test.touch") == 50 and "page=2" in first
    second = text(client.get("/audit", query_string={"object_type": "Thing", "page": "2"}))
    assert second.count("test.touch") == 10
    everything = text(client.get("/audit"))
    total = client.get("/api/v1/audit", headers=world.as_("underwriter")).json["total"]
    assert everything.count("test.touch") == 50 and f"({total} entries)" in everything
    assert total > 60


def _token(client: FlaskClient) -> str:
    from tests.portal.test_pages import csrf_token

    return csrf_token(client, "/")
