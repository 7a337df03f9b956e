"""The platform's one catalogue of words, for every layer.

Pages, documents, e-mails and API messages are written in English in the code; their
Simplified Chinese is in the gettext catalogue the portal compiles (`messages.po`). Layers
below the portal read it here, without Flask: the portal says where the catalogue is when it
wires the layers (`portal.wiring`), and a process that did not is refused an answer rather
than given English in place of Chinese.

A document's words are declared once, in English, as `Words(context, english)`: a mapping
from each language to the same structure (dicts, tuples, strings) with every string translated.
The context keeps a document's own wording apart from the same English elsewhere (the
letter's "Policy" heads a policy number, where a page's names the policy itself).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "zh")
DOMAIN = "messages"
_where: list[Path] = []


def use(directory: Path) -> None:
    """Read translations from `directory` (`<lang>/LC_MESSAGES/messages.mo`)."""
    if _where != [directory]:
        _where[:] = [directory]
        _translations.cache_clear()


def wired() -> bool:
    return bool(_where)


@functools.lru_cache(maxsize=8)
def _translations(lang: str) -> NullTranslations:
    if not _where:
        raise LookupError("The catalogue is not wired: build the app (portal.wiring.wire()).")
    return Translations.load(str(_where[0]), [lang], DOMAIN)


def translate(lang: str, message: str, context: str | None = None) -> str:
    """`message` in `lang` (English is the code's own)."""
    if lang == "en" or not message:
        return message
    found = _translations(lang)
    return str(found.upgettext(context, message) if context else found.ugettext(message))


def _translated(value: Any, lang: str, context: str) -> Any:
    if isinstance(value, str):
        return translate(lang, value, context)
    if isinstance(value, dict):
        return {key: _translated(item, lang, context) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_translated(item, lang, context) for item in value)
    return value


class Words(Mapping[str, Any]):
    """`english` in each language: `words["zh"]` is the same structure, translated."""

    def __init__(self, context: str, english: Any) -> None:
        self.context = context
        self.english = english
        self._made: dict[tuple[str, int], Any] = {}

    def __getitem__(self, lang: str) -> Any:
        if lang not in LANGUAGES:
            raise KeyError(lang)
        key = (lang, id(_translations(lang)) if lang != "en" else 0)
        if key not in self._made:
            self._made[key] = _translated(self.english, lang, self.context)
        return self._made[key]

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)
