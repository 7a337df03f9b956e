"""A PDF read back with poppler (`bin/install test` installs it): its text and its fonts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def poppler(tool: str, *args: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: run bin/install test"
    done = subprocess.run([path, *args], check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


def saved(pdf: bytes, folder: Path, name: str = "document.pdf") -> str:
    path = folder / name
    path.write_bytes(pdf)
    return str(path)


def pdf_text(pdf: bytes, folder: Path, *, spaces: bool = True) -> str:
    """The text of every page; words joined by one space, or by none (for Chinese)."""
    words = poppler("pdftotext", "-layout", saved(pdf, folder), "-").split()
    return (" " if spaces else "").join(words)


def pdf_fonts(pdf: bytes, folder: Path) -> str:
    return poppler("pdffonts", saved(pdf, folder, "fonts.pdf"))
