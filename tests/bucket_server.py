"""A real S3-compatible server on a local port (moto's server: HTTP, the S3 wire protocol,
signatures checked), so the bucket store is tested through the same client calls it makes in
production."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "tci-test", "AWS_SECRET_ACCESS_KEY": "tci-test-secret",
               "AWS_DEFAULT_REGION": "eu-west-1"}


@dataclass(frozen=True)
class Bucket:
    endpoint: str
    name: str

    def client(self):  # type: ignore[no-untyped-def]
        return boto3.client("s3", endpoint_url=self.endpoint, region_name="eu-west-1")

    def objects(self) -> dict[str, bytes]:
        client = self.client()
        listed = client.list_objects_v2(Bucket=self.name).get("Contents", [])
        return {o["Key"]: client.get_object(Bucket=self.name, Key=o["Key"])["Body"].read()
                for o in listed}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    """A new, empty bucket on the server, with credentials in the environment as boto3 reads
    them in production."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    made = Bucket(s3_endpoint, f"tci-documents-{uuid.uuid4().hex[:12]}")
    made.client().create_bucket(Bucket=made.name,
                                CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return made
