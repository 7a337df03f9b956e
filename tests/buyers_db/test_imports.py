"""The CSV import: good rows kept, bad rows reported by line, bad files refused whole."""

import io

import pytest
from sqlalchemy import func, select, text

from bench.common import buyer_rows, csv_bytes
from buyers_db.import_checks import COLUMNS
from buyers_db.import_sql import MIN_ANALYSED, PlannerView, analyse_if_grown, planner_view
from buyers_db.imports import import_buyers
from buyers_db.models import Buyer, FinancialStatement
from buyers_db.search import search_statement
from core.actor import SYSTEM
from core.errors import Forbidden, RuleViolation

HEADER = ",".join(COLUMNS)
GOOD = [
    "DE,HRB 100,Alpha Handel GmbH,46.90,Berlin,1990,120,2025,EUR,1000000.00,50000,30000,"
    "800000,400000,200000,500000,300000,100000",
    'CN,91310000X,"上海星河贸易有限公司",G,上海,2010,45,,,,,,,,,,,',
    "FR,RCS 7,Bêta SARL,C,,,,,,,,,,,,,,",
]


def _file(*rows, header=HEADER):
    return io.BytesIO(("\n".join([header, *rows]) + "\n").encode())


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_good_rows_are_created_with_their_statements(session):
    report = import_buyers(session, _file(*GOOD), actor=SYSTEM)
    assert (report.created, report.updated, report.rejected, report.statements) == (3, 0, 0, 1)
    alpha = session.scalar(select(Buyer).where(Buyer.registration_number == "HRB 100"))
    assert alpha.name == "Alpha Handel GmbH" and alpha.employees == 120
    statement = session.scalar(select(FinancialStatement))
    assert statement.fiscal_year == 2025 and statement.period_end.isoformat() == "2025-12-31"
    assert float(statement.revenue) == 1_000_000.0 and statement.currency == "EUR"
    found = [b.name for b in session.scalars(search_statement(session, query="星河"))]
    assert found == ["上海星河贸易有限公司"]


def test_importing_again_updates_instead_of_duplicating(session):
    import_buyers(session, _file(*GOOD), actor=SYSTEM)
    renamed = GOOD[0].replace("Alpha Handel GmbH", "Alpha Handel & Co GmbH").replace(
        "1000000.00", "1200000.00")
    report = import_buyers(session, _file(renamed), actor=SYSTEM)
    assert (report.created, report.updated, report.statements) == (0, 1, 1)
    assert _count(session, Buyer) == 3 and _count(session, FinancialStatement) == 1
    assert [b.name for b in session.scalars(search_statement(session, query="co alpha"))] == [
        "Alpha Handel & Co GmbH"]
    assert [b.name for b in session.scalars(search_statement(session, query="handel gmbh"))] \
        == ["Alpha Handel & Co GmbH"]


BAD = [
    ("XX,1,Name,C,,,,,,,,,,,,,,", "unknown country code"),
    ("DE,,Name,C,,,,,,,,,,,,,,", "registration_number is empty"),
    ("DE,2,,C,,,,,,,,,,,,,,", "name is empty"),
    ("DE,3,Name,Z9,,,,,,,,,,,,,,", "sector is not a NACE Rev.2 code"),
    ("DE,4,Name,C,,3020,,,,,,,,,,,,", "founded_year is not a plausible year"),
    ("DE,5,Name,C,,,-4,,,,,,,,,,,", "employees is not a whole number"),
    ("DE,6,Name,C,,,,2025,EURO,1,,,,,,,,", "currency is not an ISO 4217 code"),
    ("DE,7,Name,C,,,,2025,EUR,1.005,,,,,,,,", "revenue is not an amount with at most 2 decimals"),
    ("DE,8,Name,C,,,,2025,EUR,-5,,,,,,,,", "revenue must not be negative"),
    ("DE,9,Name,C,,,,,,100,,,,,,,,", "figures need a fiscal_year"),
    ("DE,10,Name,C", "wrong number of fields"),
    ("DE,11,Name,C,,,,,,,,,,,,,,,extra", "wrong number of fields"),
    ("DE,12,Name,C,,,,2025,EUR,abc,,,,,,,,", "revenue is not an amount with at most 2 decimals"),
]


def test_bad_rows_are_reported_by_line_and_the_good_ones_kept(session):
    rows = [GOOD[0], *(row for row, _ in BAD), GOOD[1]]
    report = import_buyers(session, _file(*rows), actor=SYSTEM)
    assert (report.created, report.rejected) == (2, len(BAD))
    reported = {error.line: error.reason for error in report.errors}
    expected = {line: reason for line, (_, reason) in enumerate(BAD, start=3)}
    assert reported == expected


def test_line_numbers_count_blank_lines(session):
    report = import_buyers(session, _file(GOOD[0], "", BAD[0][0]), actor=SYSTEM)
    assert [e.line for e in report.errors] == [4]


@pytest.mark.parametrize(("content", "problem"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a CSV"),
    (b"", "empty"),
    (b"country,registration_number,name\nDE,1,X\n", "lacks required columns"),
    ((HEADER + "\nDE,1,Ä Müller,C,,,,,,,,,,,,,,\n").encode("latin-1"), "UTF-8"),
])
def test_a_file_that_is_not_our_csv_is_refused_whole(session, content, problem):
    with pytest.raises(RuleViolation) as refused:
        import_buyers(session, io.BytesIO(content), actor=SYSTEM)
    assert problem in refused.value.message
    assert _count(session, Buyer) == 0


def test_the_columns_may_come_in_any_order_and_case(session):
    columns = list(reversed(COLUMNS))
    values = dict(zip(COLUMNS, GOOD[0].split(","), strict=True))
    row = ",".join(values[c] for c in columns)
    report = import_buyers(session, _file(row, header=",".join(c.upper() for c in columns)),
                           actor=SYSTEM)
    assert report.created == 1 and report.statements == 1


def test_a_utf8_bom_is_accepted(session):
    report = import_buyers(session, io.BytesIO(b"\xef\xbb\xbf" + _file(GOOD[0]).read()),
                           actor=SYSTEM)
    assert report.created == 1


def test_only_staff_may_import(session, world):
    with pytest.raises(Forbidden):
        import_buyers(session, _file(GOOD[0]), actor=world.a.admin.as_actor())


def test_large_files_stream_in_chunks(session, monkeypatch):
    from buyers_db import imports

    monkeypatch.setattr(imports, "BLOCK_BYTES", 256)
    rows = [f"DE,R{n},Buyer {n},C,,,,,,,,,,,,,," for n in range(30)]
    rows[17] = "DE,R17,Buyer 17,C"  # a malformed row in a later block keeps its line
    seen = []
    report = import_buyers(session, _file(*rows), actor=SYSTEM, on_progress=seen.append)
    assert report.created == 29 and len(seen) > 3 and sum(seen) == 30
    assert [(e.line, e.reason) for e in report.errors] == [(19, "wrong number of fields")]


def test_a_large_import_gives_postgresql_the_statistics_of_what_it_wrote(session):
    """Without them the planner reads the new buyers' tables as empty until autovacuum comes
    (if it is on), and searches for common words slow down several times."""
    postgresql = session.get_bind().dialect.name == "postgresql"
    report = import_buyers(session, io.BytesIO(csv_bytes(buyer_rows(MIN_ANALYSED))),
                           actor=SYSTEM)
    assert report.created == MIN_ANALYSED
    if not postgresql:
        assert planner_view(session) is None
        assert not analyse_if_grown(session, None, 100 * MIN_ANALYSED)
        return
    words = session.scalar(text(
        "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'buyer_words' AND attname = 'word'"))
    assert words == 1
    assert planner_view(session).rows == MIN_ANALYSED


@pytest.mark.parametrize(("rows", "written_since", "written", "analysed"), [
    (0, 0, MIN_ANALYSED - 1, False),  # too few to matter
    (0, 0, MIN_ANALYSED, True),  # the first large import
    (10 * MIN_ANALYSED + 10, 0, MIN_ANALYSED, False),  # under a tenth of what is known
    (10 * MIN_ANALYSED, 0, MIN_ANALYSED, True),  # a tenth
    (10 * MIN_ANALYSED + 10, 10, MIN_ANALYSED, True),  # a tenth with earlier imports' rows
    (1_000_000, 99_000, 1_000, True),  # many small imports since the statistics
])
def test_statistics_are_gathered_once_a_tenth_of_the_buyers_is_new(
    session, rows, written_since, written, analysed
):
    if session.get_bind().dialect.name != "postgresql":
        assert not analyse_if_grown(session, None, written)
        return
    assert analyse_if_grown(session, PlannerView(rows, written_since), written) is analysed
