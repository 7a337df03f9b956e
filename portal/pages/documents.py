"""PDF documents as the signed-in browser gets them: the same documents as the API's, in the
language asked for (`?lang=`) or else the page's, opened in the browser's own viewer."""

from __future__ import annotations

from flask import Response, current_app, request
from flask_babel import get_locale


def document_language() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in current_app.config["LANGUAGES"] else str(get_locale())


def pdf_response(pdf: bytes, filename: str) -> Response:
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})
