"""Staff upload a buyer file on a page and watch the import's progress: the job runs in a thread
of the process that received the upload, in parts each committed with its progress, so the page
(answered by any process) reads how far it has come. Insureds cannot reach it."""

from __future__ import annotations

import io
import time

import pytest
from flask import Flask
from sqlalchemy import func, select

from bench.common import buyer_rows, csv_bytes
from buyers_db.models import Buyer
from core.actor import SYSTEM
from core.audit import AuditEntry
from core.tenancy import Scope, tenant_scope
from portal import import_jobs
from tests.endpoints import TODAY
from tests.factories import World, build_world
from tests.portal.test_pages import csrf_token, sign_in, text


@pytest.fixture
def live(committing_app: Flask, monkeypatch: pytest.MonkeyPatch) -> tuple[Flask, World]:
    monkeypatch.setenv("TCI_TODAY", TODAY)
    monkeypatch.setattr(import_jobs, "PART_ROWS", 40)
    with committing_app.extensions["database"].factory() as session:
        world = build_world(session)
    return committing_app, world


def test_staff_upload_a_file_and_follow_the_import_to_its_end(live: tuple[Flask, World]) -> None:
    app, world = live
    rows = buyer_rows(100)
    rows[57][0] = "XX"  # an unknown country: rejected, reported by its line (59: header first)
    client = app.test_client()
    sign_in(client, world.underwriter)
    form = client.get("/buyers/imports")
    assert form.status_code == 200 and 'type="file"' in form.get_data(as_text=True)
    sent = client.post("/buyers/imports", data={
        "csrf_token": csrf_token(client, "/buyers/imports"),
        "file": (io.BytesIO(csv_bytes(rows)), "buyers.csv")}, content_type="multipart/form-data")
    assert sent.status_code == 302
    progress = sent.headers["Location"]
    seen = set()
    for _ in range(600):  # a browser follows the page's refresh the same way
        shown = client.get(progress)
        assert shown.status_code == 200
        page = shown.get_data(as_text=True)
        state = page.split('data-state="', 1)[1].split('"', 1)[0]
        seen.add(state)
        if state not in ("queued", "running"):
            break
        assert 'http-equiv="refresh"' in page
        time.sleep(0.05)
    assert state == "done", text(shown)
    assert "of 100 rows" in text(shown) and "rows/s" in text(shown)
    assert "99 created, 0 updated, 1 rejected" in text(shown)
    assert "<td>59</td>" in page and 'http-equiv="refresh"' not in page
    with app.extensions["database"].factory() as session, tenant_scope(Scope.everyone()):
        assert session.scalar(select(func.count()).select_from(Buyer)) == 99
        job = session.scalars(select(import_jobs.BuyerImportJob)).one()
        assert (job.rows_done, job.rows_total, job.status) == (100, 100, "done")
    assert "buyers.csv" in text(client.get("/buyers/imports"))
    with app.extensions["database"].factory() as session:  # the thread kept the upload's id
        imported = select(AuditEntry.request_id).where(AuditEntry.action == "buyers.import")
        assert set(session.scalars(imported)) == {sent.headers["X-Request-Id"]}


def test_insureds_cannot_upload_or_watch_and_an_unknown_import_is_404(
    live: tuple[Flask, World]
) -> None:
    app, world = live
    staff, insured = app.test_client(), app.test_client()
    sign_in(staff, world.underwriter)
    sign_in(insured, world.a.user)
    assert insured.get("/buyers/imports").status_code == 403
    refused = insured.post("/buyers/imports", data={
        "csrf_token": csrf_token(insured, "/"),
        "file": (io.BytesIO(csv_bytes(buyer_rows(3))), "b.csv")},
        content_type="multipart/form-data")
    assert refused.status_code == 403
    assert staff.get("/buyers/imports/999999").status_code == 404
    with app.extensions["database"].factory() as session:
        assert session.scalar(select(func.count()).select_from(import_jobs.BuyerImportJob)) == 0


def test_an_import_whose_process_went_silent_shows_as_interrupted(
    live: tuple[Flask, World]
) -> None:
    app, world = live
    with app.extensions["database"].factory() as session:
        job = import_jobs.queue_import(session, csv_bytes(buyer_rows(3)), "lost.csv",
                                       actor=SYSTEM)
        job.status = "running"
        job.heartbeat_at = job.created_at - import_jobs.STALE * 2
        session.commit()
        job_id = job.id
    client = app.test_client()
    sign_in(client, world.underwriter)
    page = client.get(f"/buyers/imports/{job_id}").get_data(as_text=True)
    assert 'data-state="interrupted"' in page and "upload the file again" in page


def test_staff_who_import_find_the_page_in_their_menu_in_both_languages(
    live: tuple[Flask, World]
) -> None:
    app, world = live
    with app.extensions["database"].factory() as session:
        job_id = import_jobs.queue_import(session, csv_bytes(buyer_rows(2)), "menu.csv",
                                          actor=SYSTEM).id
        session.commit()
    for who, listed in ((world.insurer_admin, True), (world.underwriter, True),
                        (world.a.admin, False), (world.a.user, False)):
        client = app.test_client()
        sign_in(client, who)
        home = client.get("/").get_data(as_text=True)
        assert ('href="/buyers/imports"' in home) is listed, who.role
        if not listed:  # nor can an insured open an import's progress by its address
            assert client.get(f"/buyers/imports/{job_id}").status_code == 403
            continue
        client.post("/language", data={"lang": "zh", "csrf_token": csrf_token(client, "/")})
        assert "导入买方" in text(client.get("/"))
        assert "导入买方" in text(client.get(f"/buyers/imports/{job_id}"))
