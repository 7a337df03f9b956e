"""Buyer identifiers in the one form they are compared in, whatever the spelling: "HRB 98211",
"hrb98211" and "HRB-98.211" are one registration number. Compatibility forms are folded
(full-width digits typed on a Chinese keyboard are digits), case is ignored, and spaces and
punctuation dropped. A VAT number is compared without its country prefix ("DE 123 456 789" and
"123456789" are one German VAT number; Greece's prefix is EL)."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

VAT_PREFIXES = {"GR": "EL"}
"""Countries whose VAT prefix is not their ISO code."""

_NOT_LETTER_OR_DIGIT = r"[^\p{L}\p{N}]+"


def registration_key(number: str) -> str:
    """The form a registration number is compared in."""
    folded = unicodedata.normalize("NFKC", number).upper()
    return "".join(ch for ch in folded if ch.isalnum())


def vat_prefix(country: str) -> str:
    return VAT_PREFIXES.get(country.upper(), country.upper())


def vat_key(country: str, number: str | None) -> str | None:
    """The form a VAT number of a buyer in `country` is compared in (None: no number)."""
    if number is None:
        return None
    key = registration_key(number)
    prefix = vat_prefix(country)
    if key.startswith(prefix) and len(key) > len(prefix):
        key = key[len(prefix):]
    return key or None


def identifier_keys(identifier: str) -> set[str]:
    """The keys a free-typed identifier may match, its country unknown: as typed, and, for what
    starts with two letters, also without them (a VAT number given with its prefix)."""
    key = registration_key(identifier)
    keys = {key} if key else set()
    if len(key) > 2 and key[:2].isalpha() and key[:2].isascii():
        keys.add(key[2:])
    return keys


def registration_keys(numbers: pa.Array) -> pa.Array:
    """`registration_key` over a column, for bulk imports."""
    folded = pc.utf8_upper(pc.utf8_normalize(numbers, "NFKC"))
    return pc.replace_substring_regex(folded, _NOT_LETTER_OR_DIGIT, "")
