"""HTML to PDF with WeasyPrint, from the package's own templates only.

WeasyPrint fetches whatever a document names: a stylesheet, an image, `http://169.254.169.254/`,
`file:///etc/passwd`. Text from users (a buyer's name, a comment) lands in these documents, so
the fetcher given to WeasyPrint reaches nothing but files under `reports/templates`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from weasyprint import HTML, URLFetcher

TEMPLATES = Path(__file__).resolve().parent / "templates"

# A dozen INFO lines of rendering steps per PDF would drown the service's log; refused or broken
# resources still log, as errors and warnings of the "weasyprint" logger.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

templates = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class RefusedURL(ValueError):
    """A document named something outside the report templates."""


def allowed_path(url: str, root: Path = TEMPLATES) -> Path | None:
    """The file `url` names when it is a local file under `root`, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()  # resolves "..", and symlinks out of the root
    return path if path.is_relative_to(root) and path.is_file() else None


# WeasyPrint ships no type hints: its URLFetcher is `Any` to mypy, hence the ignore.
class TemplateFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that refuses every URL but the report templates' own files."""

    def __init__(self, root: Path = TEMPLATES) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if allowed_path(url, self.root) is None:
            raise RefusedURL(f"Not a report template file: {url}")
        return super().fetch(url, headers)


def render_pdf(html: str, *, fetcher: URLFetcher | None = None) -> bytes:
    """The PDF of `html`, whose relative links resolve in the templates folder."""
    document = HTML(string=html, base_url=TEMPLATES.as_uri() + "/",
                    url_fetcher=fetcher or TemplateFetcher())
    pdf: bytes = document.write_pdf()
    return pdf
