"""Buyer identifiers compared in their normalised form: another spelling of a registration or
VAT number is the same buyer (409 naming it, an import updates it), and `?identifier=` finds a
buyer by either, however typed."""

import io

import pytest
from sqlalchemy import func, select

from buyers_db.identifiers import identifier_keys, registration_key, vat_key
from buyers_db.import_checks import COLUMNS
from buyers_db.models import Buyer

KONTOR = {"country": "DE", "registration_number": "HRB 98211", "name": "Kontor Nord GmbH",
          "vat_number": "DE 123 456 789"}


@pytest.fixture
def kontor(client, world):
    made = client.post("/api/v1/buyers", json=KONTOR, headers=world.as_("underwriter"))
    assert made.status_code == 201, made.json
    assert made.json["vat_number"] == "DE 123 456 789"
    return made.json


@pytest.mark.parametrize(("number", "key"), [
    ("HRB 98211", "HRB98211"), ("hrb98211", "HRB98211"), ("HRB-98.211", "HRB98211"),
    ("９１３１０ab", "91310AB"), (" 上海-001 ", "上海001"),
])
def test_registration_keys_ignore_case_spaces_punctuation_and_width(number, key):
    assert registration_key(number) == key


def test_vat_keys_drop_the_countrys_own_prefix():
    assert vat_key("DE", "DE 123.456.789") == vat_key("DE", "123456789") == "123456789"
    assert vat_key("GR", "EL 094 014 201") == "094014201"  # Greece's prefix is EL
    assert vat_key("FR", "DE123") == "DE123"  # not France's prefix: kept
    assert identifier_keys("de 123 456 789") == {"DE123456789", "123456789"}


@pytest.mark.parametrize("spelling", [
    {"registration_number": "hrb98211"}, {"registration_number": "HRB-98.211"},
    {"registration_number": "HRB 1", "vat_number": "de123456789"},
    {"registration_number": "HRB 2", "vat_number": "123 456 789"},
])
def test_another_spelling_is_409_naming_the_buyer_there(client, session, world, kontor,
                                                        spelling):
    again = client.post("/api/v1/buyers", json={**KONTOR, "vat_number": None, **spelling},
                        headers=world.as_("a.user"))
    assert again.status_code == 409, again.json
    assert again.json["error"]["fields"]["id"] == kontor["id"]
    assert session.scalar(select(func.count()).select_from(Buyer)) == 1


def test_the_same_number_in_another_country_is_another_buyer(client, world, kontor):
    other = client.post("/api/v1/buyers", json={**KONTOR, "country": "AT", "vat_number": None},
                        headers=world.as_("a.user"))
    assert other.status_code == 201 and other.json["id"] != kontor["id"]


@pytest.mark.parametrize("typed", ["HRB 98211", "hrb98211", "hrb-98 211", "DE123456789",
                                   "de 123.456.789", "123456789"])
def test_identifier_finds_the_buyer_in_any_spelling(client, world, kontor, typed):
    for who in ("a.user", "underwriter"):
        found = client.get("/api/v1/buyers", query_string={"identifier": typed},
                           headers=world.as_(who))
        assert found.status_code == 200, found.json
        assert [b["id"] for b in found.json["items"]] == [kontor["id"]]


def test_identifier_finds_nothing_for_a_different_number(client, world, kontor):
    for typed in ("HRB 98212", "B98211", "---"):
        found = client.get("/api/v1/buyers", query_string={"identifier": typed},
                           headers=world.as_("a.user"))
        assert found.status_code == 200 and found.json["items"] == [], typed


def test_a_number_without_letters_or_digits_is_refused(client, world):
    answer = client.post("/api/v1/buyers", json={**KONTOR, "registration_number": "- / -"},
                         headers=world.as_("a.user"))
    assert answer.status_code == 422
    assert "registration_number" in answer.json["error"]["fields"]


def _csv(*rows):
    return io.BytesIO(("\n".join([",".join(COLUMNS), *rows]) + "\n").encode())


def test_the_import_upserts_on_the_normalised_number(client, session, world, kontor):
    rows = ("DE,hrb-98211,Kontor Nord GmbH & Co,46.90,Hamburg,,,,,,,,,,,,,",
            "DE,HRB 5,Neu GmbH,46.90,Kiel,,,,,,,,,,,,,",
            "DE,hrb5,Neu GmbH (renamed),46.90,Kiel,,,,,,,,,,,,,")
    answer = client.post("/api/v1/buyers/import", headers=world.as_("underwriter"),
                         data={"file": (_csv(*rows), "buyers.csv")},
                         content_type="multipart/form-data")
    assert answer.status_code == 200, answer.json
    assert (answer.json["created"], answer.json["updated"]) == (1, 1)
    session.expire_all()
    names = dict(session.execute(select(Buyer.registration_key, Buyer.name)).all())
    assert names == {"HRB98211": "Kontor Nord GmbH & Co", "HRB5": "Neu GmbH (renamed)"}
    assert session.get(Buyer, kontor["id"]).registration_number == "HRB 98211"
