"""Bad input to the CSV import through the API: a file that is not our CSV is refused whole and
changes nothing; a bad row is reported by line and reason, and only the good rows are stored."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.bad_inputs import EMOJI, SQL
from tests.dump import changes, dump
from tests.endpoints import CSV
from tests.factories import World

HEADER, GOOD = CSV.decode().splitlines()
IMPORT = "/api/v1/buyers/import"


def upload(client: FlaskClient, world: World, content: bytes, **extra: object):
    return client.post(IMPORT, headers=world.as_("underwriter"),
                       data={"file": (io.BytesIO(content), "buyers.csv"), **extra})


def row(**changes: str) -> str:
    """The good row with some columns changed, and a registration number of its own."""
    values = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    values["registration_number"] = f"R-{abs(hash(tuple(changes.items()))) % 10**8}"
    values.update(changes)
    return ",".join(values.values())


WHOLE_FILE = {
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "empty": b"",
    "no required columns": b"name,city\nAcme,Berlin\n",
    "a repeated column": (HEADER + ",name\n").encode(),
    "Latin-1, not UTF-8": (HEADER + "\nFR,B-1,Société Générale,46.90,Paris" + "," * 13
                           ).encode("latin-1"),
    "a JSON document": b'{"country": "DE", "name": "Acme"}',
    "SQL instead of CSV": f"{SQL}\n".encode(),
}


@pytest.mark.parametrize("content", WHOLE_FILE.values(), ids=WHOLE_FILE.keys())
def test_a_file_that_is_not_our_csv_is_refused_whole(
    client: FlaskClient, session: Session, world: World, content: bytes
) -> None:
    before = dump(session)
    answer = upload(client, world, content)
    assert answer.status_code == 422 and answer.json["error"]["fields"]["file"], answer.json
    assert changes(before, dump(session)) == {}


def test_a_missing_file_or_a_text_field_is_refused(
    client: FlaskClient, session: Session, world: World
) -> None:
    before = dump(session)
    for data in ({}, {"file": "country,name"}):
        answer = client.post(IMPORT, headers=world.as_("underwriter"), data=data)
        assert answer.status_code == 422 and "file" in answer.json["error"]["fields"]
    answer = client.post(IMPORT, headers=world.as_("underwriter"), json={"file": HEADER})
    assert answer.status_code == 422
    assert changes(before, dump(session)) == {}


BAD_ROWS = {
    "negative revenue": (row(revenue="-1.00"), "revenue must not be negative"),
    "enormous revenue": (row(revenue="9" * 25), "revenue is not an amount"),
    "too many decimals": (row(revenue="12.345"), "revenue is not an amount"),
    "an amount in words": (row(revenue="一百万"), "revenue is not an amount"),
    "an unknown currency": (row(currency="ABC"), "currency is not an ISO 4217 code"),
    "emoji for a currency": (row(currency=EMOJI), "currency is not an ISO 4217 code"),
    "an unknown country": (row(country="ZZ"), "unknown country code"),
    "Chinese for a country": (row(country="中国"), "unknown country code"),
    "SQL for a sector": (row(sector=SQL.replace(",", "")), "sector is not a NACE Rev.2 code"),
    "a founding year to come": (row(founded_year="2999"), "founded_year is not a plausible"),
    "a fiscal year to come": (row(fiscal_year="2999"), "fiscal_year is not a plausible year"),
    "a fraction of employees": (row(employees="1.5"), "employees is not a whole number"),
    "an empty name": (row(name=""), "name is empty"),
    "a name of 301 characters": (row(name="字" * 301), "name is longer than 300"),
    "too few fields": ("CN,ONLY-THREE,Short Row", "wrong number of fields"),
}


def test_bad_rows_are_reported_by_line_and_only_the_good_rows_are_kept(
    client: FlaskClient, session: Session, world: World
) -> None:
    good = [row(name=f"{SQL} 公司 {EMOJI}"), row(name="Ünïcödé Handels GmbH")]
    bad = list(BAD_ROWS.values())
    lines = [HEADER, good[0], *(text for text, _reason in bad), good[1]]
    before = dump(session)
    answer = upload(client, world, ("\n".join(lines) + "\n").encode())
    assert answer.status_code == 200, answer.json
    report = answer.json
    assert (report["created"], report["rejected"]) == (2, len(bad))
    for error, (_text, reason) in zip(report["errors"], bad, strict=True):
        assert reason in error["reason"], (error, reason)
    assert [e["line"] for e in report["errors"]] == list(range(3, 3 + len(bad)))
    added = changes(before, dump(session))["buyers"]["added"]
    names = {value for buyer in added for value in buyer if isinstance(value, str)}
    assert {f"{SQL} 公司 {EMOJI}", "Ünïcödé Handels GmbH"} <= names
    assert len(added) == 2


def test_a_file_of_bad_rows_only_records_the_attempt_and_nothing_else(
    client: FlaskClient, session: Session, world: World
) -> None:
    before = dump(session)
    content = "\n".join([HEADER, *(text for text, _r in BAD_ROWS.values())]) + "\n"
    answer = upload(client, world, content.encode())
    assert answer.json["created"] == 0 and answer.json["rejected"] == len(BAD_ROWS)
    changed = changes(before, dump(session))
    assert set(changed) == {"audit_entries"} and len(changed["audit_entries"]["added"]) == 1
