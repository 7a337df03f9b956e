"""The document store this installation uses, made once from its settings: a folder
(DOCUMENTS_FOLDER, by default instance/documents). Any store with put, get and drop fits
`claims.desk.storage.DocumentStore`; a shared bucket for installations on several hosts plugs
in here."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from claims.desk.storage import DocumentStore, FolderStore

EXTENSION = "document_store"


def init_app(app: Flask) -> None:
    folder = app.config.get("DOCUMENTS_FOLDER") or Path(app.instance_path) / "documents"
    app.extensions[EXTENSION] = FolderStore(Path(folder))


def document_store() -> DocumentStore:
    store: DocumentStore = current_app.extensions[EXTENSION]
    return store
