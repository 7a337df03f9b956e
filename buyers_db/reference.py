"""Reference data: OECD country risk (shipped with the code, source credited in data/README.md)
and the platform's own sector risk table over NACE Rev.2 sections."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry

from buyers_db.divisions import DIVISIONS
from core.catalogue import Words

DATA = Path(__file__).parent / "data"
OECD_SOURCE = "OECD Country Risk Classifications, 11 March 2022"

# Not classified by the OECD because they are high-income OECD or euro-area members: risk 0.
# Other unclassified countries (small states) are unknown, not 0.
HIGH_INCOME_UNCLASSIFIED = frozenset({
    "AUS", "AUT", "BEL", "CAN", "CHL", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
    "HUN", "ISL", "IRL", "ISR", "ITA", "JPN", "KOR", "LVA", "LTU", "LUX", "MLT", "NLD", "NZL",
    "NOR", "POL", "PRT", "SVK", "SVN", "ESP", "SWE", "CHE", "GBR", "USA",
})


@dataclass(frozen=True)
class CountryRisk:
    iso2: str
    name: str
    crc: int | None  # 0 (lowest) .. 7; None when unknown
    source: str = OECD_SOURCE


@functools.cache
def country_risks() -> dict[str, CountryRisk]:
    """Country risk by ISO 3166 alpha-2 code."""
    risks: dict[str, CountryRisk] = {}
    with (DATA / "oecd_crc_2022-03-11.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            iso2 = _iso2(row["iso3"])
            if iso2 is None:
                continue
            crc = int(row["crc"]) if row["crc"] else None
            if crc is None and row["iso3"] in HIGH_INCOME_UNCLASSIFIED:
                crc = 0
            risks[iso2] = CountryRisk(iso2=iso2, name=row["country"], crc=crc)
    return risks


def _iso2(iso3: str) -> str | None:
    if iso3 == "XKV":  # Kosovo: the OECD's code; ISO-style libraries use XKX, alpha-2 XK
        return "XK"
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else None


def is_country(code: str) -> bool:
    return code == "XK" or pycountry.countries.get(alpha_2=code) is not None


# NACE Rev.2 sections: name, and the platform's own risk from 0 (low) to 4 (high), drawn from
# how often trade buyers in each sector default in insurers' published claims experience.
SECTORS: dict[str, tuple[str, int]] = {
    "A": ("Agriculture, forestry and fishing", 2),
    "B": ("Mining and quarrying", 2),
    "C": ("Manufacturing", 2),
    "D": ("Electricity, gas, steam and air conditioning supply", 1),
    "E": ("Water supply, sewerage, waste management", 1),
    "F": ("Construction", 4),
    "G": ("Wholesale and retail trade", 2),
    "H": ("Transportation and storage", 3),
    "I": ("Accommodation and food service", 4),
    "J": ("Information and communication", 2),
    "K": ("Financial and insurance activities", 1),
    "L": ("Real estate activities", 3),
    "M": ("Professional, scientific and technical activities", 1),
    "N": ("Administrative and support service activities", 2),
    "O": ("Public administration and defence", 0),
    "P": ("Education", 1),
    "Q": ("Human health and social work", 1),
    "R": ("Arts, entertainment and recreation", 3),
    "S": ("Other service activities", 2),
    "T": ("Activities of households as employers", 2),
    "U": ("Extraterritorial organisations", 0),
}
# The sections' names in each language, their Chinese in the catalogue (as China's national
# statistics render NACE's).
SECTIONS = Words("sector", {code: name for code, (name, _risk) in SECTORS.items()})
_DIVISIONS = (
    (3, "A"), (9, "B"), (33, "C"), (35, "D"), (39, "E"), (43, "F"), (47, "G"), (53, "H"),
    (56, "I"), (63, "J"), (66, "K"), (68, "L"), (75, "M"), (82, "N"), (84, "O"), (85, "P"),
    (88, "Q"), (93, "R"), (96, "S"), (98, "T"), (99, "U"),
)
_CODE = re.compile(r"^(?:[A-U]|\d{2}(?:\.\d{1,2})?)$")
_UNUSED_DIVISIONS = frozenset({4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89})


def nace_section(code: str) -> str | None:
    """The section letter of a NACE Rev.2 code (`C`, `46`, `46.9`, `46.90`), or None if invalid."""
    if not _CODE.match(code):
        return None
    if code.isalpha():
        return code
    division = int(code[:2])
    if division < 1 or division in _UNUSED_DIVISIONS:
        return None
    return next(section for last, section in _DIVISIONS if division <= last)


def sector_risk(code: str | None) -> int | None:
    section = nace_section(code) if code else None
    return SECTORS[section][1] if section else None


def sector_name(code: str | None, lang: str = "en") -> str | None:
    """The name of the NACE Rev.2 section a code falls in ("46.90" -> wholesale and retail),
    in English or Simplified Chinese (`lang="zh"`)."""
    section = nace_section(code) if code else None
    if section is None:
        return None
    return str(SECTIONS[lang][section])


def division_name(code: str | None, lang: str = "en") -> str | None:
    """The name of the NACE Rev.2 division of a code with digits ("46.90" -> wholesale trade,
    except of motor vehicles), or None for a bare section letter or an invalid code."""
    if not code or code.isalpha() or nace_section(code) is None:
        return None
    return str(DIVISIONS[lang][code[:2]])
