"""A case's timeline in Chinese: the details the services write are read in the page's
language, the insured's own words as written, unknown text left out (only the event's name)."""

from types import SimpleNamespace

import pytest

from portal.pages.claim_labels import EVENTS, event_text


@pytest.mark.parametrize(("kind", "detail", "chinese"), [
    ("notified", "2 invoices, 7500.00 EUR.", "已通知逾期: 2 张发票，共 7,500.00 EUR。"),
    ("notified", "1 invoices, 350000.00 JPY.", "1 张发票，共 350,000 JPY。"),
    ("claim_opened", "Claim 7: insolvency, date of loss 2026-02-25. Filed after the filing "
     "deadline.", "索赔 7：买方破产，损失日期 2026-02-25。提交时已过索赔期限。"),
    ("claim_paid", "Claim 7.", "索赔 7。"),
    ("closed", "Paid in full.", "已全额付清。"),
    ("dispute_carried_over", "X-1: claim 7", "X-1：索赔 7"),
    ("payment", "Wire ref 88", "Wire ref 88"),  # the insured's own words
])
def test_timeline_details_in_chinese(app, kind, detail, chinese):
    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        assert chinese in event_text(SimpleNamespace(kind=kind, detail=detail))
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert event_text(SimpleNamespace(kind=kind, detail=detail)).endswith(detail)


def test_a_detail_no_service_writes_is_left_out_in_chinese(app):
    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        shown = event_text(SimpleNamespace(kind="closed", detail="Something else"))
        assert shown == str(EVENTS["closed"]) and "Something" not in shown
