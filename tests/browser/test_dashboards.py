"""The dashboards in a real browser: the charts are drawn, a table downloads from its link."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import Site
from tests.portal.dashboard_world import build_dashboards
from tests.reports.claims_analytics_world import build_claims


@pytest.fixture(scope="module", autouse=True)
def dashboards_world(site: Site) -> None:
    with site.session() as session:
        build_claims(session, site.world, build_dashboards(session, site.world))


def test_an_underwriter_reads_the_dashboard_and_downloads_the_watch_list(visitor_factory, site):
    underwriter = visitor_factory("underwriter-dashboard")
    underwriter.sign_in(site.world.underwriter.email)
    page = underwriter.page
    charts = page.locator(".chart svg")
    assert charts.count() == 2 and charts.first.bounding_box()["width"] > 200
    underwriter.shot("home")
    table = page.locator("section.card", has=page.locator("h2", has_text={
        "en": "Deteriorating buyers", "zh": "评级下调的买方"}[underwriter.lang]))
    rows = list(csv.reader(io.StringIO(underwriter.download(
        table.locator("a", has_text="CSV")).decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["深圳华南电子有限公司", "Ateliers de Lyon SA"]
    assert rows[0][1] == {"en": "Buyer", "zh": "买方"}[underwriter.lang]


def test_the_claims_handler_and_the_insured_see_their_own_charts(visitor_factory, site):
    handler = visitor_factory("claims-dashboard")
    handler.sign_in(site.world.claims_handler.email)
    assert handler.page.locator(".chart svg").count() == 2
    handler.shot("home")
    insured = visitor_factory("insured-dashboard")
    insured.sign_in(site.world.a.user.email)
    assert insured.page.locator(".chart svg").count() == 1
    assert "深圳华南电子有限公司" not in insured.page.content()
    insured.shot("home")
