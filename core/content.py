"""What a file is, told by its content and never by its name: PDF, PNG and JPEG by their
signatures, XLSX by the parts an Excel workbook holds, CSV as UTF-8 text of delimited columns.
Anything else is refused. Documents on claims and spreadsheet uploads (core.spreadsheets) both
ask here."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    media_type: str
    extension: str


PDF = Kind("pdf", "application/pdf", "pdf")
PNG = Kind("png", "image/png", "png")
JPEG = Kind("jpeg", "image/jpeg", "jpg")
CSV = Kind("csv", "text/csv", "csv")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
KINDS = {kind.name: kind for kind in (PDF, PNG, JPEG, CSV, XLSX)}

SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
WORKBOOK_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}
CSV_SAMPLE = 64 * 1024


def kind_of(content: bytes) -> Kind | None:
    """The kind of `content`, or None when it is none of those accepted."""
    for signature, kind in SIGNATURES:
        if content.startswith(signature):
            return kind
    if content.startswith(b"PK\x03\x04"):
        return XLSX if _is_workbook(content) else None
    return CSV if _is_csv(content) else None


def _is_workbook(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return set(archive.namelist()) >= WORKBOOK_PARTS
    except (zipfile.BadZipFile, ValueError):
        return False


def _is_csv(content: bytes) -> bool:
    """UTF-8 text (a byte order mark allowed), no control characters but tabs and line ends,
    and a first line of at least two columns split by a comma, semicolon or tab."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:  # a character cut at the end of the sample is still text
        text = decoder.decode(content[:CSV_SAMPLE], final=len(content) <= CSV_SAMPLE)
    except UnicodeDecodeError:
        return False
    if not text.strip() or any(ord(c) < 32 and c not in "\t\r\n" for c in text):
        return False
    first = next(iter(text.splitlines()), "")
    return any(len(next(csv.reader([first], delimiter=d))) >= 2 for d in ",;\t")
