"""Buyer search that a person would call good.

Names are indexed in a normalised form (case folded, accents and punctuation removed), so that
"muller gmbh", "Müller GmbH" and "GMBH MÜLLER" find the same buyer; every word of the query must
appear somewhere in the name (word order and partial words are fine), Chinese included.
PostgreSQL finds candidates in a table of the names' words (a word's start is enough), led by
the query's rarest word as the words' counts tell, in the trigram index for parts inside words,
and takes a word it cannot find for a typo ("lyonaise" finds "Lyonnaise"); SQLite answers from
an FTS5 trigram table.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import (
    Integer,
    Select,
    and_,
    any_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from buyers_db.identifiers import identifier_keys, registration_key
from buyers_db.models import Buyer, BuyerWord, BuyerWordCount

_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_PUNCTUATION = r"[^\w]+"
FTS_TABLE = "buyers_fts"
CANDIDATES = 5000
WORD_CANDIDATES = 1000  # PostgreSQL's: ids looked up one by one, each a few microseconds


def normalize(name: str) -> str:
    """The searchable form of a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = re.sub(_COMBINING, "", decomposed).casefold()
    return " ".join(re.sub(_PUNCTUATION, " ", stripped).split())


def normalize_arrow(names: pa.Array) -> pa.Array:
    """`normalize` over a column, for bulk imports: decomposition and case folding in Python
    (Arrow has neither), the rest in Arrow kernels."""
    decomposed = pa.array(
        [unicodedata.normalize("NFKD", name).casefold() for name in names.to_pylist()],
        pa.string(),
    )
    stripped = pc.replace_substring_regex(decomposed, _COMBINING, "")
    spaced = pc.replace_substring_regex(stripped, r"[^\p{L}\p{N}_]+", " ")
    return pc.utf8_trim_whitespace(spaced)


def words(query: str) -> list[str]:
    return normalize(query).split()[:8]


def name_filter(session: Session, query: str) -> tuple[Any, Any] | None:
    """A WHERE clause matching every word of `query`, and a ranking expression (lower first)."""
    terms = words(query)
    if not terms:
        return None
    phrase = " ".join(terms)
    rank = case(
        (Buyer.search_name == _inline(phrase), 0),
        (Buyer.search_name.like(_inline(_escape(phrase) + "%"), escape="\\"), 1),
        else_=2,
    )
    likes = [Buyer.search_name.like("%" + _escape(t) + "%", escape="\\") for t in terms]
    if session.get_bind().dialect.name == "postgresql":
        return and_(*_by_words(session, terms)), rank
    if session.get_bind().dialect.name == "sqlite":
        long_terms = [t for t in terms if len(t) >= 3]
        if long_terms:
            match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            # Words found in most names would make every row a candidate to rank; a bounded
            # candidate set keeps such a search fast, and adding a word narrows it.
            fts = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match "  # noqa: S608
                       f"LIMIT {CANDIDATES}")
            likes.append(Buyer.id.in_(fts.bindparams(match=match)))
    return and_(*likes), rank


def _by_words(session: Session, terms: list[str]) -> list[Any]:
    """PostgreSQL's conditions: every term must appear in the name, and the candidates are the
    buyers of the query's rarest term, at most WORD_CANDIDATES of them (a word found in most
    names never makes every row one).

    A term's rarity is the number of buyers whose words start with it, read from the words'
    counts in one statement for all terms. A term that starts no word is looked for inside the
    names by the trigram index, and one that appears in no name is taken for a typo and matched
    by trigram word similarity; either lookup fetches its candidates with a limit above the
    planner's guess for a rare pattern, so that it uses the index rather than scan the table
    hoping to stop early."""
    counts = dict(session.execute(_counts(terms)).tuples().all())
    conditions: list[Any] = []
    found: dict[int, list[int]] = {}
    for position, term in enumerate(terms):
        # The candidates are filtered by functions no index serves: the planner, which cannot
        # tell how many ids the list holds, would otherwise intersect the trigram index's
        # matches of every term, most rows of the table for a common word.
        inside = func.strpos(Buyer.search_name, term) > 0
        if not counts[position]:  # inside a word (Chinese names have no spaces), or a typo
            found[position] = _ids(session, Buyer.search_name.like(
                _inline("%" + _escape(term) + "%"), escape="\\"))
            if not found[position]:
                found[position] = _ids(session, _inline(term).op("<%")(Buyer.search_name))
                inside = func.word_similarity(term, Buyer.search_name) >= SIMILAR
        conditions.append(inside)
    driver = min(range(len(terms)), key=lambda position: (
        len(found[position]) if position in found else counts[position], -len(terms[position])))
    candidates = found[driver] if driver in found else list(session.scalars(
        select(BuyerWord.buyer_id).where(BuyerWord.word.like(
            _inline(_escape(terms[driver]) + "%"), escape="\\")).limit(_CAP)))
    # The candidates' ids go into the statement as one array: given a subquery, the planner
    # guesses their number and may scan the whole buyer table rather than look a few up.
    return [Buyer.id == any_(bindparam("candidates", candidates, type_=ARRAY(Integer))),
            *conditions]


SIMILAR = 0.6
"""The word similarity of a typo to a word of the name: the threshold of pg_trgm's `<%`."""
COUNTED = 1000
"""Words sharing a prefix whose counts are added up: a prefix of more words is common anyway."""
_CAP = literal(WORD_CANDIDATES, literal_execute=True)


def _ids(session: Session, condition: Any) -> list[int]:
    return list(session.scalars(select(Buyer.id).where(condition).limit(_CAP)))


def _counts(terms: list[str]) -> Any:
    """(position, buyers) of each term: how many buyers' words start with it."""
    rows = []
    for position, term in enumerate(terms):
        words = select(BuyerWordCount.buyers).where(BuyerWordCount.word.like(
            _inline(_escape(term) + "%"), escape="\\")).limit(
            literal(COUNTED, literal_execute=True)).subquery()
        rows.append(select(_inline(position), func.coalesce(func.sum(words.c.buyers), 0)))
    return union_all(*rows)


def _inline(value: str | int) -> Any:
    """A value written into the statement: a prepared statement's generic plan cannot know
    that a LIKE pattern starts with a fixed prefix, or which trigrams it holds, and would scan
    (the driver prepares a statement run five times)."""
    return literal(value, literal_execute=True)


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_statement(
    session: Session,
    *,
    query: str | None = None,
    country: str | None = None,
    registration_number: str | None = None,
    identifier: str | None = None,
) -> Select[tuple[Buyer]]:
    """Buyers matching the filters, best match first. A registration number matches in any
    spelling; an `identifier` is a registration or a VAT number."""
    statement = select(Buyer)
    order: list[Any] = []
    if registration_number:
        statement = statement.where(
            Buyer.registration_key == registration_key(registration_number))
    if identifier:
        # The prefix dropped only for VAT numbers: "HRB98211" is no registration "B98211".
        statement = statement.where(or_(
            Buyer.registration_key == registration_key(identifier),
            Buyer.vat_key.in_(sorted(identifier_keys(identifier)))))
    if country:
        statement = statement.where(Buyer.country == country.upper())
    matched = name_filter(session, query) if query else None
    if query and matched is None:
        statement = statement.where(literal(False))
    if matched is not None:
        where, rank = matched
        statement = statement.where(where)
        order += [rank, func.length(Buyer.search_name)]
    return statement.order_by(*order, Buyer.name, Buyer.id)


def index_names(session: Session, buyer_ids: list[int] | None = None) -> None:
    """Bring the SQLite FTS table up to date for these buyers (all when None).

    PostgreSQL's trigram index follows the table by itself.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    if buyer_ids is None:
        session.execute(text(f"DELETE FROM {FTS_TABLE}"))  # noqa: S608
        session.execute(text(
            f"INSERT INTO {FTS_TABLE}(rowid, search_name) SELECT id, search_name FROM buyers"  # noqa: S608
        ))
        return
    for start in range(0, len(buyer_ids), 20000):
        chunk = buyer_ids[start:start + 20000]
        marks = ",".join(str(int(i)) for i in chunk)
        session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})"))  # noqa: S608
        session.execute(text(
            f"INSERT INTO {FTS_TABLE}(rowid, search_name) "  # noqa: S608
            f"SELECT id, search_name FROM buyers WHERE id IN ({marks})"
        ))
