"""Error messages in the caller's language (`Accept-Language` on the API, the page's choice on
pages), translated at the edge: services and schemas write English, and the words people read
are looked up here. The `code` and the `fields` keys never change; only the texts do."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

# Messages that carry figures: the English pattern, and the words with its named parts.
PATTERNS: list[tuple[re.Pattern[str], Callable[..., Any]]] = [
    (re.compile(r"At most (?P<digits>\d+) decimal places for (?P<currency>[A-Z]{3})\."),
     lambda **p: _l("At most %(digits)s decimal places for %(currency)s.", **p)),
    (re.compile(r"At most (?P<digits>\d+) decimal places(?: for this amount)?\."),
     lambda **p: _l("At most %(digits)s decimal places.", **p)),
    (re.compile(r"The month has not ended yet: (?P<month>\d{4}-\d{2}) is the latest that can be "
                r"declared\."),
     lambda **p: _l("The month has not ended yet: %(month)s is the latest that can be declared.",
                    **p)),
    (re.compile(r"From (?P<start>\d{4}-\d{2}) to (?P<end>\d{4}-\d{2})\."),
     lambda **p: _l("From %(start)s to %(end)s.", **p)),
    (re.compile(r"(?P<what>[A-Z][\w ]{0,40}) not found\."),
     lambda **p: _l("%(what)s not found.", what=gettext(p["what"]))),
    (re.compile(r"Longer than maximum length (?P<most>\d+)\."),
     lambda **p: _l("Longer than maximum length %(most)s.", **p)),
]


def in_callers_language(text: Any) -> Any:
    """`text` in the request's language: a known problem's words, a message with figures by
    its pattern, else the catalogue's entry; English stays exactly as written."""
    if not isinstance(text, str) or str(get_locale()) == "en":
        return text
    from portal.pages.labels import PROBLEMS  # the pages' words; they import the API

    known = PROBLEMS.get(text)
    if known is not None:
        return str(known)
    for pattern, words in PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return str(words(**match.groupdict()))
    return gettext(text)


def fields_in_callers_language(fields: Any) -> Any:
    """Each message of `fields` translated; the keys (field names, line numbers) as they are."""
    if isinstance(fields, dict):
        return {key: fields_in_callers_language(value) for key, value in fields.items()}
    if isinstance(fields, list):
        return [fields_in_callers_language(value) for value in fields]
    return in_callers_language(fields)
