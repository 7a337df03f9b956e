"""Buyer pages: search for everyone, the grade's explanation for staff only."""

import datetime as dt

from buyers_db.services import add_event, add_statement, create_buyer
from core.actor import SYSTEM
from tests.portal.test_pages import sign_in, text


def _buyer(session):
    buyer = create_buyer(session, actor=SYSTEM, country="CN", registration_number="91310000Q",
                         name="上海东方国际贸易有限公司", sector="46.90", city="上海")
    add_statement(session, buyer.id, actor=SYSTEM, fiscal_year=2025, currency="CNY",
                  revenue=260_000_000, total_assets=180_000_000, current_assets=90_000_000,
                  current_liabilities=50_000_000, total_liabilities=100_000_000,
                  equity=80_000_000, ebit=15_000_000, net_income=11_000_000,
                  retained_earnings=40_000_000)
    session.commit()
    return buyer


def test_insureds_search_and_see_grade_but_not_why(client, session, world):
    buyer = _buyer(session)
    sign_in(client, world.a.user)
    found = client.get("/buyers?q=东方 国际")
    assert found.status_code == 200 and "上海东方国际贸易有限公司" in text(found)
    assert "上海" in text(found).split("上海东方国际贸易有限公司", 1)[1]  # the city, then
    assert "91310000Q" in text(found) and "Wholesale and retail trade" in text(found)
    page = client.get(f"/buyers/{buyer.id}")
    assert page.status_code == 200
    shown = text(page)
    assert "Probability of default" in shown and "Why this grade" not in shown
    assert "Revenue" not in shown


def test_staff_see_the_factors_statements_and_history(client, session, world):
    buyer = _buyer(session)
    sign_in(client, world.underwriter)
    shown = text(client.get(f"/buyers/{buyer.id}"))
    assert "Why this grade" in shown and "Working capital / total assets" in shown
    assert "260,000,000" in shown and "OECD classification" in shown


def test_why_this_grade_names_the_insolvency(client, session, world):
    buyer = _buyer(session)
    sign_in(client, world.underwriter)
    before = text(client.get(f"/buyers/{buyer.id}"))
    assert "Why this grade" in before and "because of" not in before
    add_event(session, buyer.id, actor=SYSTEM, type="insolvency", date=dt.date(2026, 3, 1),
              detail="Shanghai court, case 2026-17")
    session.commit()
    shown = text(client.get(f"/buyers/{buyer.id}"))
    assert "Grade 10 because of Insolvency on 2026-03-01" in shown
    assert "Shanghai court, case 2026-17" in shown


def test_an_empty_search_shows_no_table_and_a_miss_says_so(client, session, world):
    sign_in(client, world.b.user)
    assert "No buyer matches" not in text(client.get("/buyers"))
    assert "No buyer matches" in text(client.get("/buyers?q=nothing-like-this"))


def test_unknown_buyer_pages_are_404(client, world):
    sign_in(client, world.a.user)
    assert client.get("/buyers/987654").status_code == 404
