"""Search as a person would use it, on whichever database the suite runs."""

import io

import pytest
from sqlalchemy import delete, func, select

from bench.common import csv_bytes
from buyers_db.imports import import_buyers
from buyers_db.models import Buyer, BuyerWord, BuyerWordCount
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


def test_a_misspelt_word_finds_the_name_on_postgresql(session):
    """On PostgreSQL a word that no name holds is taken for a typo (trigram word similarity)."""
    for number, name in enumerate(["Banque Lyonnaise de Dépôts", "Lyon Transports SARL"]):
        create_buyer(session, actor=SYSTEM, country="FR", registration_number=f"L{number}",
                     name=name)
    session.flush()
    postgresql = session.get_bind().dialect.name == "postgresql"
    assert _names(session, query="lyonaise") == (
        ["Banque Lyonnaise de Dépôts"] if postgresql else [])
    assert _names(session, query="banque lyonaise") == (
        ["Banque Lyonnaise de Dépôts"] if postgresql else [])
    assert _names(session, query="lyonnaise") == ["Banque Lyonnaise de Dépôts"]


def test_a_buyer_renamed_by_an_import_is_found_by_its_new_name(session, buyers):
    renamed = ["PL", "KRS 6", "Warszawa Stal", "C", "Warszawa", "", "", *[""] * 11]
    import_buyers(session, io.BytesIO(csv_bytes([renamed])), actor=SYSTEM)
    session.flush()
    assert _names(session, query="warszawa stal") == ["Warszawa Stal"]
    assert _names(session, query="łodz metal") == []


def test_the_word_counts_follow_imports_renames_and_deletions_on_postgresql(session, buyers):
    """The counts a search ranks its words by are those of the words table, however it moved
    (SQLite searches its FTS table and leaves both empty)."""
    renamed = ["PL", "KRS 6", "Warszawa Stal Metal", "C", "Warszawa", "", "", *[""] * 11]
    import_buyers(session, io.BytesIO(csv_bytes([renamed])), actor=SYSTEM)
    session.execute(delete(Buyer).where(Buyer.id == buyers["深圳华为电子有限公司"]))
    session.flush()
    counted = dict(session.execute(
        select(BuyerWordCount.word, BuyerWordCount.buyers).where(BuyerWordCount.buyers > 0)).all())
    assert counted == dict(session.execute(
        select(BuyerWord.word, func.count()).group_by(BuyerWord.word)).all())
    if session.get_bind().dialect.name == "postgresql":
        assert counted["metal"] == 1 and counted["maschinenbau"] == 2 and "łodz" not in counted
        assert "深圳华为电子有限公司" not in counted
