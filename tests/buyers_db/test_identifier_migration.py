"""The migration that brings normalised registration keys merges the buyers already stored under
several spellings of one number: what hangs on a duplicate moves to the oldest, and it says so."""

from __future__ import annotations

import sqlite3

from alembic import command

from portal.cli.database import alembic_config

STAMP = "2026-01-05 10:00:00.000000"


def _insert(db: sqlite3.Connection, table: str, **row: object) -> None:
    names = ", ".join(row)
    db.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})",  # noqa: S608
               tuple(row.values()))


def _buyer(db: sqlite3.Connection, buyer_id: int, number: str, country: str = "DE") -> None:
    _insert(db, "buyers", id=buyer_id, country=country, registration_number=number,
            name=f"Kontor {buyer_id} GmbH", search_name=f"kontor {buyer_id} gmbh",
            updated_at=STAMP, created_at=STAMP)


def _statement(db: sqlite3.Connection, buyer_id: int, year: int, revenue: str) -> None:
    _insert(db, "financial_statements", buyer_id=buyer_id, fiscal_year=year,
            period_end=f"{year}-12-31", currency="EUR", revenue=revenue, created_at=STAMP)


def test_duplicates_are_merged_into_the_oldest_with_a_report(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'merge.sqlite'}"
    command.upgrade(alembic_config(url), "c3a8e5f1d2b7")  # the one before
    db = sqlite3.connect(tmp_path / "merge.sqlite")  # no foreign keys: limits without policies
    _buyer(db, 1, "HRB 98211")
    _buyer(db, 2, "hrb98211")
    _buyer(db, 3, "HRB-98.211")
    _buyer(db, 4, "HRB 98211", country="AT")  # another country: another buyer
    _statement(db, 1, 2025, "1000.00")
    _statement(db, 2, 2025, "2000.00")  # the survivor's own year stays
    _statement(db, 2, 2024, "900.00")
    _insert(db, "credit_limits", id=10, insured_id=7, policy_id=8, buyer_id=2, type="insurer",
            status="active", amount="50000.00", currency="EUR", effective_from="2026-01-05",
            updated_at=STAMP, created_at=STAMP)
    for watch_id, insured_id, buyer_id in ((20, 7, 1), (21, 7, 2), (22, 9, 3)):
        _insert(db, "watched_buyers", id=watch_id, insured_id=insured_id, buyer_id=buyer_id,
                created_at=STAMP)  # insured 7 watches two spellings: one watch is left
    _insert(db, "legal_events", buyer_id=3, type="litigation", date="2026-01-02", detail="",
            created_at=STAMP)
    db.commit()
    db.close()
    command.upgrade(alembic_config(url), "head")
    report = capsys.readouterr().out
    assert "Merged buyer 2 (DE 'hrb98211') into 1" in report and "credit_limits 1" in report
    assert "Merged buyer 3 (DE 'HRB-98.211') into 1" in report and "legal_events 1" in report
    db = sqlite3.connect(tmp_path / "merge.sqlite")
    assert db.execute("SELECT id, country, registration_key FROM buyers ORDER BY id").fetchall() \
        == [(1, "DE", "HRB98211"), (4, "AT", "HRB98211")]
    assert db.execute("SELECT buyer_id FROM credit_limits").fetchall() == [(1,)]
    assert db.execute("SELECT buyer_id FROM legal_events").fetchall() == [(1,)]
    assert db.execute("SELECT insured_id, buyer_id FROM watched_buyers ORDER BY id").fetchall() \
        == [(7, 1), (9, 1)]
    assert db.execute("SELECT buyer_id, fiscal_year, revenue FROM financial_statements "
                      "ORDER BY fiscal_year").fetchall() == [(1, 2024, 900), (1, 2025, 1000)]
    db.close()
