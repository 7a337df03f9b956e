"""The document store this installation uses, made once from its settings: a folder
(DOCUMENTS_FOLDER, by default instance/documents) on one host; on several hosts, a shared
S3-compatible bucket (DOCUMENTS_BUCKET, with DOCUMENTS_S3_ENDPOINT when it is not Amazon's S3,
DOCUMENTS_S3_REGION and DOCUMENTS_S3_PREFIX). A bucket that does not answer stops the start."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from claims.desk.bucket import BucketStore
from claims.desk.storage import DocumentStore, FolderStore

EXTENSION = "document_store"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = _configured(app)


def _configured(app: Flask) -> DocumentStore:
    bucket = app.config.get("DOCUMENTS_BUCKET")
    if not bucket:
        folder = app.config.get("DOCUMENTS_FOLDER") or Path(app.instance_path) / "documents"
        return FolderStore(Path(folder))
    store = BucketStore.connect(bucket, endpoint_url=app.config.get("DOCUMENTS_S3_ENDPOINT"),
                                region=app.config.get("DOCUMENTS_S3_REGION"),
                                prefix=app.config.get("DOCUMENTS_S3_PREFIX") or "")
    try:
        store.check()
    except Exception as error:
        raise RuntimeError(f"The documents bucket {bucket!r} does not answer: {error}") from error
    return store


def document_store() -> DocumentStore:
    store: DocumentStore = current_app.extensions[EXTENSION]
    return store
