import pytest

from buyers_db.reference import country_risks, is_country, nace_section, sector_risk


def test_country_risk_comes_from_the_oecd_table_with_high_income_members_at_zero():
    risks = country_risks()
    assert risks["DE"].crc == 0 and risks["US"].crc == 0  # unclassified high-income: 0
    assert risks["CN"].crc is not None and 0 < risks["CN"].crc < 7
    assert risks["AF"].crc == 7
    assert risks["MC"].crc is None  # Monaco: simply not classified, so unknown
    assert risks["XK"].name == "Kosovo"
    assert "OECD" in risks["DE"].source


@pytest.mark.parametrize(("code", "section"), [
    ("C", "C"), ("46", "G"), ("46.9", "G"), ("46.90", "G"), ("01.11", "A"), ("99", "U"),
    ("41.20", "F"), ("V", None), ("4", None), ("00", None), ("34", None), ("46.901", None),
    ("", None), ("c", None),
])
def test_nace_codes_map_to_their_section(code, section):
    assert nace_section(code) == section


def test_sector_risk_is_read_from_the_section():
    assert sector_risk("41.20") == 4  # construction
    assert sector_risk("84") == 0
    assert sector_risk(None) is None and sector_risk("zz") is None


def test_countries_are_iso_codes():
    assert is_country("CN") and is_country("XK") and not is_country("ZZ")
