"""`POST /api/v1/overdue-notifications?dry_run=true`: the answer a real notification would give,
each invoice's issues and what a claim would pay, with nothing stored: no case, no grade moved,
no event, no audit entry, no idempotency key taken. A refused rehearsal is refused as the real
notification would be."""

from __future__ import annotations

import pytest

from tests.claims.claims_world import covered_buyer, inv
from tests.dump import changes, dump
from tests.portal.test_api_collection import TODAY, notification
from tests.portal.test_case_pages import case_of, line, report
from tests.portal.test_limit_pages import switch_to_chinese
from tests.portal.test_pages import sign_in, text

PREVIEW = "/api/v1/overdue-notifications?dry_run=true"


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", TODAY)


def test_a_preview_answers_like_the_notification_and_stores_nothing(client, session, world):
    buyer = covered_buyer(session, world.a)
    body = notification(world, buyer, inv("A", "2026-02-01", "4000"),
                        inv("M", "2026-03-01", "3000", terms=150))
    before = dump(session)
    preview = client.post(PREVIEW, json=body, headers={**world.as_("a.user"),
                                                       "Idempotency-Key": "preview-1"})
    assert preview.status_code == 200, preview.json
    assert changes(before, dump(session)) == {}
    assert (preview.json["dry_run"], preview.json["id"], preview.json["case_id"]) == (
        True, None, None)
    issues = {i["number"]: [x["code"] for x in i["issues"]] for i in preview.json["invoices"]}
    assert issues == {"A": [], "M": ["terms_over_mct"]}
    check = preview.json["pre_check"]
    assert check["total_debt"] == "7000.00" and {"indemnity", "reductions"} <= set(check)

    real = client.post("/api/v1/overdue-notifications", json=body,
                       headers={**world.as_("a.user"), "Idempotency-Key": "preview-1"})
    assert real.status_code == 201, real.json  # the key was not taken by the preview
    assert real.json["invoices"] == preview.json["invoices"]
    assert real.json["notified_on"] == preview.json["notified_on"]


def test_a_preview_on_an_open_case_names_it_and_leaves_it_as_it_was(client, session, world):
    buyer = covered_buyer(session, world.a)
    first = client.post("/api/v1/overdue-notifications", headers=world.as_("a.user"),
                        json=notification(world, buyer, inv("A", "2026-02-01", "4000")))
    before = dump(session)
    preview = client.post(PREVIEW, headers=world.as_("a.user"),
                          json=notification(world, buyer, inv("B", "2026-03-01", "6000")))
    assert preview.status_code == 200, preview.json
    assert preview.json["case_id"] == first.json["case_id"]
    assert preview.json["pre_check"]["total_debt"] == "10000.00"  # the case with B joined
    assert changes(before, dump(session)) == {}


def test_a_refused_preview_is_refused_as_the_notification_and_changes_nothing(
    client, session, world
):
    buyer = covered_buyer(session, world.a)
    before = dump(session)
    for body in (notification(world, buyer, currency="USD"),
                 notification(world, buyer, tenant=world.b)):
        refused = client.post(PREVIEW, json=body, headers=world.as_("a.user"))
        assert refused.status_code in (404, 422), refused.json
    staff = client.post(PREVIEW, json=notification(world, buyer), headers=world.as_("underwriter"))
    assert staff.status_code == 403
    assert changes(before, dump(session)) == {}


def test_the_report_page_previews_before_the_insured_confirms(client, session, world):
    buyer = covered_buyer(session, world.a, name="Vorschau Maschinen GmbH")
    sign_in(client, world.a.user)
    lines = (line(0, "P-1", "2026-02-01", "2026-04-02", "11,900.00", "1900.00"),
             line(1, "P-2", "2026-03-01", "2026-07-29", "3000"))
    before = dump(session)
    shown = report(client, world, buyer, *lines, preview="1")
    assert shown.status_code == 200, text(shown)
    page = text(shown)
    for expected in ("Preview: nothing is reported yet", "A collection case would open",
                     "exceed the maximum credit period of 120 days",  # P-2: 150 days
                     "If the claim were assessed today", "VAT, which the policy does not cover.",
                     'value="P-1"', 'value="P-2"'):  # the lines stay, to confirm as they are
        assert expected in page, expected
    assert changes(before, dump(session)) == {} and case_of(session, buyer) is None

    made = report(client, world, buyer, *lines)
    assert made.status_code == 302 and case_of(session, buyer) is not None


def test_the_preview_speaks_chinese(client, session, world):
    buyer = covered_buyer(session, world.a)
    sign_in(client, world.a.user)
    switch_to_chinese(client)
    shown = report(client, world, buyer, line(0, "Z-1", "2026-02-01", "2026-04-02", "4000"),
                   preview="1")
    page = text(shown)
    assert shown.status_code == 200 and "预览：尚未报告任何内容" in page
    assert "将为该买方开立催收案件。" in page and "预览" in page
