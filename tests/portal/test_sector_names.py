"""Sector names in the page's language: the buyer search and the buyer's page name the NACE
section in Simplified Chinese on a Chinese page, in English otherwise; the API keeps English."""

from buyers_db.reference import SECTIONS, SECTORS, sector_name
from tests.limits_world import graded_buyer
from tests.portal.test_pages import post, sign_in, text


def test_every_section_has_its_chinese_name(app):  # the app wires the catalogue
    assert set(SECTIONS["zh"]) == set(SECTORS)
    assert all(SECTIONS["zh"][code] != name for code, (name, _risk) in SECTORS.items())
    assert sector_name("46.90", "zh") == "批发和零售贸易"
    assert sector_name("46.90") == "Wholesale and retail trade"
    assert sector_name("99", "zh") == "域外组织和机构" and sector_name("04", "zh") is None


def test_the_buyer_pages_name_the_sector_in_the_pages_language(client, session, world):
    buyer = graded_buyer(session, name="Sektor Handel GmbH")
    session.commit()
    sign_in(client, world.a.user)
    assert "Wholesale and retail trade" in text(client.get("/buyers?q=Sektor"))
    post(client, "/language", {"lang": "zh", "next": "/"})
    assert "批发和零售贸易" in text(client.get("/buyers?q=Sektor"))
    page = text(client.get(f"/buyers/{buyer.id}"))
    assert "批发和零售贸易" in page and "Wholesale and retail trade" not in page
