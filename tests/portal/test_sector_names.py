"""Sector names in the page's language: the buyer search names a buyer's NACE division (its
section on hover), the buyer's page both, in Simplified Chinese on a Chinese page and in
English otherwise; the API keeps the section's English name."""

from buyers_db.divisions import DIVISIONS
from buyers_db.reference import SECTIONS, SECTORS, division_name, nace_section, sector_name
from tests.limits_world import graded_buyer
from tests.portal.test_pages import post, sign_in, text

WHOLESALE_EN = "Wholesale trade, except of motor vehicles and motorcycles"
WHOLESALE_ZH = "批发贸易（机动车和摩托车除外）"


def test_every_section_has_its_chinese_name(app):  # the app wires the catalogue
    assert set(SECTIONS["zh"]) == set(SECTORS)
    assert all(SECTIONS["zh"][code] != name for code, (name, _risk) in SECTORS.items())
    assert sector_name("46.90", "zh") == "批发和零售贸易"
    assert sector_name("46.90") == "Wholesale and retail trade"
    assert sector_name("99", "zh") == "域外组织和机构" and sector_name("04", "zh") is None


def test_every_division_has_its_name_in_both_languages(app):
    assert len(DIVISIONS["en"]) == 88
    assert {code for code in DIVISIONS["en"]} == {
        f"{n:02d}" for n in range(1, 100) if nace_section(f"{n:02d}")}
    chinese = DIVISIONS["zh"]
    assert all(chinese[code] != name for code, name in DIVISIONS["en"].items())
    assert len(set(chinese.values())) == 88  # no two divisions share a name
    assert division_name("46.90") == WHOLESALE_EN and division_name("46", "zh") == WHOLESALE_ZH
    assert division_name("47.1", "zh") == "零售贸易（机动车和摩托车除外）"
    assert [division_name(code) for code in ("G", "04", "4x", None)] == [None] * 4


def test_the_buyer_pages_name_the_sector_in_the_pages_language(client, session, world):
    buyer = graded_buyer(session, name="Sektor Handel GmbH")
    session.commit()
    sign_in(client, world.a.user)
    found = text(client.get("/buyers?q=Sektor"))
    assert WHOLESALE_EN in found
    page = text(client.get(f"/buyers/{buyer.id}"))
    assert "Wholesale and retail trade" in page and WHOLESALE_EN in page
    post(client, "/language", {"lang": "zh", "next": "/"})
    assert WHOLESALE_ZH in text(client.get("/buyers?q=Sektor"))
    page = text(client.get(f"/buyers/{buyer.id}"))
    assert "批发和零售贸易" in page and WHOLESALE_ZH in page
    assert "Wholesale" not in page
