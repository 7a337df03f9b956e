"""One catalogue of words: no module outside the demo data writes Chinese, and every word a
document or an e-mail declares has its Chinese in the catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from buyers_db.reference import SECTIONS
from core import catalogue
from core.catalogue import Words
from notifications import wording
from portal import recovery_mail, wiring
from reports import (
    claim_text,
    cover_text,
    invoice_text,
    letter_text,
    portfolio_text,
    request_letter_text,
)

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
PACKAGES = ("core", "buyers_db", "underwriting", "claims", "reports", "notifications", "portal")
ALLOWED = {"portal/cli/demo.py", "portal/cli/demo_buyers.py",  # the demo data: Chinese firms
           "portal/config.py"}  # the language switch names 简体中文 in its own words


def test_no_python_module_writes_chinese_outside_the_demo_data() -> None:
    found = [str(path.relative_to(ROOT)) for package in PACKAGES
             for path in (ROOT / package).rglob("*.py")
             if HAN.search(path.read_text(encoding="utf-8"))]
    assert set(found) <= ALLOWED, sorted(set(found) - ALLOWED)


def _words(module: object) -> list[Words]:
    return [value for value in vars(module).values() if isinstance(value, Words)]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, tuple):
        return [s for item in value for s in _strings(item)]
    return []


DECLARED = [words for module in (claim_text, cover_text, invoice_text, letter_text,
                                 portfolio_text, request_letter_text, wording, recovery_mail)
            for words in _words(module)] + [SECTIONS]
IDENTIFIERS = re.compile(r"^[a-z_]+$")  # keys of the engine's steps, never shown


@pytest.mark.parametrize("words", DECLARED, ids=lambda w: f"{w.context}: {str(w.english)[:40]}")
def test_every_declared_word_has_its_chinese(words: Words) -> None:
    wiring.wire()
    english, chinese = _strings(words["en"]), _strings(words["zh"])
    missing = [en for en, zh in zip(english, chinese, strict=True)
               if en == zh and not IDENTIFIERS.match(en)]
    assert missing == []


def test_the_catalogue_answers_only_once_wired(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "_where", [])
    catalogue._translations.cache_clear()
    with pytest.raises(LookupError, match="wire"):
        catalogue.translate("zh", "Credit limit decision", "letter")
    catalogue._translations.cache_clear()
