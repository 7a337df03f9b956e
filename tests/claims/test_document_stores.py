"""Both document stores keep the same promise: bytes back as they were put, under the store's
own keys only, a missing key said as `MissingContent`, and dropping idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.desk.bucket import BucketStore
from claims.desk.storage import DocumentStore, FolderStore, MissingContent, new_key
from tests.bucket_server import Bucket, bucket, s3_endpoint  # noqa: F401  (fixtures)


@pytest.fixture(params=["folder", "bucket"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> DocumentStore:
    if request.param == "folder":
        return FolderStore(tmp_path / "documents")
    made: Bucket = request.getfixturevalue("bucket")
    return BucketStore.connect(made.name, endpoint_url=made.endpoint, prefix="documents/")


def test_bytes_come_back_as_they_were_put(store: DocumentStore) -> None:
    first, second = new_key(), new_key()
    store.put(first, b"%PDF-1.7 invoice")
    store.put(second, bytes(range(256)) * 4096)
    assert store.get(first) == b"%PDF-1.7 invoice"
    assert store.get(second) == bytes(range(256)) * 4096


def test_a_missing_key_is_missing_content_and_dropping_twice_is_fine(
        store: DocumentStore) -> None:
    key = new_key()
    with pytest.raises(MissingContent):
        store.get(key)
    store.put(key, b"x")
    store.drop(key)
    store.drop(key)
    with pytest.raises(MissingContent):
        store.get(key)


@pytest.mark.parametrize("key", ["../../etc/passwd", "A" * 32, "0" * 31, "0" * 32 + "/x", ""])
def test_no_key_but_the_stores_own_is_taken(store: DocumentStore, key: str) -> None:
    for act in (lambda: store.put(key, b"x"), lambda: store.get(key), lambda: store.drop(key)):
        with pytest.raises(ValueError, match="32 hexadecimal"):
            act()


def test_the_bucket_names_objects_under_its_prefix(bucket: Bucket) -> None:  # noqa: F811
    store = BucketStore.connect(bucket.name, endpoint_url=bucket.endpoint, prefix="tci/")
    key = new_key()
    store.put(key, b"proof of delivery")
    assert bucket.objects() == {f"tci/{key}": b"proof of delivery"}
