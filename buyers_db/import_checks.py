"""Column-by-column checks of an import chunk, vectorised with Arrow compute kernels: a million
rows cannot afford a schema load per row (docs/architecture.md)."""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from babel.numbers import list_currencies

from buyers_db.identifiers import registration_keys
from buyers_db.models import STATEMENT_FIELDS
from buyers_db.reference import SECTORS, nace_section
from buyers_db.search import normalize_arrow
from core.clock import today

COLUMNS = (
    "country", "registration_number", "name", "sector", "city", "founded_year", "employees",
    "fiscal_year", "currency", *STATEMENT_FIELDS,
)
NEVER_NEGATIVE = ("revenue", "total_assets", "current_assets", "current_liabilities",
                  "total_liabilities")
_AMOUNT = r"^-?\d{1,13}(\.\d{1,2})?$"  # within core.money.LARGEST, exact on every database
_CONTROL = r"[\x00-\x1f\x7f-\x9f]"  # as core.fields.Text refuses: NUL breaks PostgreSQL
TEXT_COLUMNS = ("registration_number", "name", "sector", "city")
Flag = Callable[[pa.Array, str], None]


@functools.cache
def _countries() -> pa.Array:
    import pycountry

    return pa.array(sorted({c.alpha_2 for c in pycountry.countries} | {"XK"}))


@functools.cache
def _sector_prefixes() -> pa.Array:
    """Valid divisions ('46') and section letters: a code is valid when its shape is right and
    its first two characters are one of these."""
    divisions = [f"{d:02d}" for d in range(1, 100) if nace_section(f"{d:02d}")]
    return pa.array(divisions + list(SECTORS))


@functools.cache
def _currencies() -> pa.Array:
    return pa.array(sorted(list_currencies()))


def check_chunk(
    table: pa.Table, lines: np.ndarray
) -> tuple[dict[str, pa.Array], list[tuple[int, str]]]:
    """The rows fit to store (cleaned columns) and, for the others, (line, reason)."""
    f = {name: pc.utf8_trim_whitespace(table[name]) for name in COLUMNS}
    f["country"], f["currency"] = pc.utf8_upper(f["country"]), pc.utf8_upper(f["currency"])
    reasons = np.full(len(table), "", dtype=object)

    def flag(bad: pa.Array, reason: str) -> None:
        mask = pc.fill_null(bad, False).to_numpy(zero_copy_only=False)
        reasons[mask & (reasons == "")] = reason

    flag(pc.invert(pc.is_in(f["country"], value_set=_countries())), "unknown country code")
    _check_identity(f, flag)
    _check_sector(f, flag)
    _check_integers(f, flag)
    _check_statement(f, flag)
    bad = reasons != ""
    errors = list(zip(lines[bad].tolist(), reasons[bad].tolist(), strict=True))
    keep = pa.array(~bad)
    good = {name: pc.filter(column, keep) for name, column in f.items()}
    good["search_name"] = normalize_arrow(good["name"])
    good["registration_key"] = registration_keys(good["registration_number"])
    return _last_of_each_key(good), errors


def _empty(column: pa.Array) -> pa.Array:
    return pc.equal(column, "")


def _check_identity(f: dict[str, pa.Array], flag: Flag) -> None:
    number, name = f["registration_number"], f["name"]
    flag(_empty(number), "registration_number is empty")
    flag(_empty(registration_keys(number)), "registration_number has no letter or digit")
    flag(pc.greater(pc.utf8_length(number), 64), "registration_number is longer than 64")
    flag(_empty(name), "name is empty")
    flag(pc.greater(pc.utf8_length(name), 300), "name is longer than 300 characters")
    flag(pc.greater(pc.utf8_length(f["city"]), 120), "city is longer than 120 characters")
    for column in TEXT_COLUMNS:
        flag(pc.match_substring_regex(f[column], _CONTROL), f"{column} holds control characters")


def _check_sector(f: dict[str, pa.Array], flag: Flag) -> None:
    sector = f["sector"]
    shaped = pc.match_substring_regex(sector, r"^([A-U]|\d{2}(\.\d{1,2})?)$")
    known = pc.is_in(pc.utf8_slice_codeunits(sector, 0, 2), value_set=_sector_prefixes())
    flag(pc.and_(pc.invert(_empty(sector)), pc.invert(pc.and_(shaped, known))),
         "sector is not a NACE Rev.2 code")


def _year_outside(column: pa.Array, first: int, last: int) -> pa.Array:
    shaped = pc.match_substring_regex(column, r"^\d{4}$")
    year = pc.cast(pc.if_else(shaped, column, "0"), pa.int32())
    outside = pc.or_(pc.less(year, first), pc.greater(year, last))
    return pc.and_(pc.invert(_empty(column)), outside)


def _check_integers(f: dict[str, pa.Array], flag: Flag) -> None:
    flag(_year_outside(f["founded_year"], 1800, today().year),
         "founded_year is not a plausible year")
    employees = f["employees"]
    flag(pc.and_(pc.invert(_empty(employees)),
                 pc.invert(pc.match_substring_regex(employees, r"^\d{1,9}$"))),
         "employees is not a whole number")
    flag(_year_outside(f["fiscal_year"], 1900, today().year),
         "fiscal_year is not a plausible year")


def _check_statement(f: dict[str, pa.Array], flag: Flag) -> None:
    has_year = pc.invert(_empty(f["fiscal_year"]))
    any_figure = functools.reduce(pc.or_, (pc.invert(_empty(f[n])) for n in STATEMENT_FIELDS))
    flag(pc.and_(any_figure, pc.invert(has_year)), "figures need a fiscal_year")
    flag(pc.and_(has_year, pc.invert(pc.is_in(f["currency"], value_set=_currencies()))),
         "currency is not an ISO 4217 code")
    for name in STATEMENT_FIELDS:
        value = f[name]
        flag(pc.and_(pc.invert(_empty(value)),
                     pc.invert(pc.match_substring_regex(value, _AMOUNT))),
             f"{name} is not an amount with at most 2 decimals")
    for name in NEVER_NEGATIVE:
        flag(pc.starts_with(f[name], "-"), f"{name} must not be negative")


def _last_of_each_key(good: dict[str, pa.Array]) -> dict[str, pa.Array]:
    """A key repeated within the file: the last row wins, as if imported one after another."""
    keys = pc.binary_join_element_wise(good["country"], good["registration_key"], "\x1f")
    values = keys.to_numpy(zero_copy_only=False)
    _, first_from_end = np.unique(values[::-1], return_index=True)
    if len(first_from_end) == len(values):
        return good
    keep = np.sort(len(values) - 1 - first_from_end)
    return {name: column.take(pa.array(keep)) for name, column in good.items()}
