"""An installation on several hosts keeps documents in a shared S3-compatible bucket: set
DOCUMENTS_BUCKET and the uploads go there (nothing on the host's disk), downloads come back
from there, and a bucket that does not answer stops the start instead of the first upload."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.engine import Connection

from portal import create_app
from tests.bucket_server import Bucket, bucket, s3_endpoint  # noqa: F401  (fixtures)
from tests.endpoint_objects import PDF
from tests.reports.claims_documents_world import filed_claim, notified_case


def _settings(database_url: str, connection: Connection, tmp_path: Path, made: Bucket,
              name: str) -> dict[str, object]:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
            "DATABASE_CONNECTION": connection, "DOCUMENTS_FOLDER": str(tmp_path / "documents"),
            "DOCUMENTS_BUCKET": name, "DOCUMENTS_S3_ENDPOINT": made.endpoint,
            "DOCUMENTS_S3_PREFIX": "claims-desk/"}


@pytest.fixture
def app(connection: Connection, database_url: str, tmp_path: Path,
        bucket: Bucket) -> Flask:  # noqa: F811
    return create_app(_settings(database_url, connection, tmp_path, bucket, bucket.name))


@pytest.fixture(autouse=True)
def business_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TCI_TODAY", "2026-06-15")


def test_documents_go_to_the_bucket_and_come_back_from_it(
        app, client, session, world, bucket: Bucket, tmp_path: Path) -> None:  # noqa: F811
    case_id = notified_case(client, session, world)
    claim_id = filed_claim(client, world, case_id)
    added = client.post(f"/api/v1/claims/{claim_id}/documents", headers=world.as_("a.user"),
                        data={"file": (io.BytesIO(PDF), "../../insolvency.pdf")})
    assert added.status_code == 201, added.json
    kept = bucket.objects()
    assert list(kept.values()) == [PDF]
    [name] = kept
    assert name.startswith("claims-desk/") and len(name.removeprefix("claims-desk/")) == 32
    assert not (tmp_path / "documents").exists()
    got = client.get(f"/api/v1/documents/{added.json['id']}", headers=world.as_("claims_handler"))
    assert got.status_code == 200 and got.data == PDF
    other = client.get(f"/api/v1/documents/{added.json['id']}", headers=world.as_("b.admin"))
    assert other.status_code == 404


def test_a_bucket_that_does_not_answer_stops_the_start(
        connection: Connection, database_url: str, tmp_path: Path,
        bucket: Bucket) -> None:  # noqa: F811
    with pytest.raises(RuntimeError, match="no-such-bucket"):
        create_app(_settings(database_url, connection, tmp_path, bucket, "no-such-bucket"))
