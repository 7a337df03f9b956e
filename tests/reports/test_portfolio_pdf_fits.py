"""The portfolio PDF prints large totals whole: an exposure above a million in US dollars, in
the summary boxes and in every table, in English and Chinese, read back with pdftotext."""

import pytest

from core.tenancy import Scope, tenant_scope
from reports.portfolio import portfolio
from reports.portfolio_pdf import portfolio_pdf
from tests.factories import make_policy
from tests.reports.poppler import pdf_text
from tests.reports.portfolio_world import buyer, limit


@pytest.fixture(autouse=True)
def business_date(monkeypatch):
    monkeypatch.setenv("TCI_TODAY", "2026-03-02")


@pytest.fixture
def report(session, world):
    policy = make_policy(session, world.a.insured, currency="USD")
    with tenant_scope(Scope.everyone()):
        big = buyer(session, "US", "DE-7", "Great Lakes Distribution Holdings Incorporated",
                    "46.90", 4, 0.004)
        other = buyer(session, "CA", "ON-8", "Northern Retail Partners Ltd", "47.11", 6, 0.012)
        limit(session, policy, big, "1092147.00")
        limit(session, policy, other, "100000.00")
        session.commit()
    with tenant_scope(Scope.insured(world.a.insured.id)):
        return portfolio(session, actor=world.a.user.as_actor())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_total_above_a_million_prints_whole(report, world, lang, tmp_path):
    assert report.currency == "USD"
    pdf = portfolio_pdf(report, lang=lang, scope_name=world.a.insured.name)
    text = pdf_text(pdf, tmp_path, spaces=False)
    # the total in the summary and in each table's sum of exposure: every digit, both decimals
    assert text.count("US$1,192,147.00") >= 1, text
    assert "US$1,092,147.00" in text and "US$100,000.00" in text
    assert "US$1,192,147.0" not in text.replace("US$1,192,147.00", "")
