"""Where the bytes of documents live: outside the database, behind one small interface, so an
installation on several hosts can keep them in a shared bucket instead of a local folder.

Keys are made here, never taken from a user: 32 hexadecimal characters, and a store refuses
any other key, so nothing a user sends can name a path or an object of its choosing.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Protocol

KEY = re.compile(r"\A[0-9a-f]{32}\Z")


def new_key() -> str:
    return secrets.token_hex(16)


class DocumentStore(Protocol):
    """Put, get and drop the bytes of a document by its key."""

    def put(self, key: str, content: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def drop(self, key: str) -> None: ...


class MissingContent(LookupError):
    """The store holds nothing under a key the database knows."""


def checked(key: str) -> str:
    if not KEY.match(key):
        raise ValueError("A document key is 32 hexadecimal characters.")
    return key


class FolderStore:
    """A folder on the local disk (by default under the instance folder): the key's first two
    characters name a subfolder, so no folder grows past a few thousand files. Writes go to a
    temporary file first and are renamed into place, so a reader never sees half a file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        key = checked(key)
        return self.root / key[:2] / key

    def put(self, key: str, content: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as missing:
            raise MissingContent(key) from missing

    def drop(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
