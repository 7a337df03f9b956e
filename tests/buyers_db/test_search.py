"""Search as a person would use it, on whichever database the suite runs."""

import pytest
from sqlalchemy import select

from buyers_db.models import Buyer
from buyers_db.search import normalize, search_statement
from buyers_db.services import create_buyer
from core.actor import SYSTEM

NAMES = [
    ("DE", "HRB 1", "Müller Maschinenbau GmbH"),
    ("DE", "HRB 2", "Mueller & Söhne KG"),
    ("FR", "RCS 3", "Société Générale d'Équipement"),
    ("CN", "9131-4", "上海东方国际贸易有限公司"),
    ("CN", "9144-5", "深圳华为电子有限公司"),
    ("PL", "KRS 6", "Łódź Metal Sp. z o.o."),
    ("DE", "HRB 7", "Maschinenbau Müller AG"),
]


@pytest.fixture
def buyers(session):
    made = [create_buyer(session, actor=SYSTEM, country=c, registration_number=r, name=n)
            for c, r, n in NAMES]
    session.commit()
    return {b.name: b.id for b in made}


def _names(session, **filters):
    return [b.name for b in session.scalars(search_statement(session, **filters))]


def test_normalize_folds_case_accents_and_punctuation():
    assert normalize("  Müller-Maschinenbau  GmbH ") == "muller maschinenbau gmbh"
    assert normalize("Société Générale d'Équipement") == "societe generale d equipement"
    assert normalize("ŁÓDŹ") == "łodz"
    assert normalize("上海东方") == "上海东方"


def test_case_accents_and_word_order_do_not_matter(session, buyers):
    assert set(_names(session, query="muller maschinenbau")) == {
        "Müller Maschinenbau GmbH", "Maschinenbau Müller AG"}
    assert _names(session, query="SOCIETE GENERALE") == ["Société Générale d'Équipement"]
    assert _names(session, query="equipement generale") == ["Société Générale d'Équipement"]


def test_partial_words_match(session, buyers):
    assert set(_names(session, query="maschin mül")) == {
        "Müller Maschinenbau GmbH", "Maschinenbau Müller AG"}


def test_the_best_match_comes_first(session, buyers):
    assert _names(session, query="Maschinenbau Müller AG")[0] == "Maschinenbau Müller AG"
    assert _names(session, query="müller")[0] == "Müller Maschinenbau GmbH"  # starts with it


@pytest.mark.parametrize("query", ["东方国际", "上海", "华为", "有限公司"])
def test_chinese_names_are_found_by_any_part(session, buyers, query):
    found = _names(session, query=query)
    assert found and all(query in name for name in found)


def test_registration_number_is_exact_and_country_filters(session, buyers):
    assert _names(session, registration_number="HRB 2") == ["Mueller & Söhne KG"]
    assert _names(session, registration_number="HRB") == []
    assert set(_names(session, country="cn")) == {n for c, _, n in NAMES if c == "CN"}
    assert _names(session, query="gmbh", country="FR") == []


def test_like_wildcards_in_a_query_are_literal(session, buyers):
    assert _names(session, query="%") == []
    assert _names(session, query="m_ller") == []


def test_nothing_matches_an_empty_or_unknown_query(session, buyers):
    assert _names(session, query="zzzz") == []
    assert _names(session, query="!!!") == []
    assert len(session.scalars(select(Buyer)).all()) == len(NAMES)
