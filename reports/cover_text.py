"""The statement of loss's explanation of cover, in English and Simplified Chinese: one
sentence per invoice line, and where the limit binds across invoices, which it covered and
why the others got nothing. The page and the PDF say the same words."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from claims.indemnity.explain import (
    IN_FULL,
    IN_PART,
    LIMIT_USED_UP,
    NOTHING_OWED,
    OUT,
    Explanation,
    explain,
)
from claims.indemnity.statement import StoredStatement
from core.catalogue import Words
from reports.claim_docs import amount

LINES = Words("cover", {
    IN_FULL: "Covered in full: {covered} is within the limit of {limit} in force on its "
             "delivery date{before}.",
    IN_PART: "Covered {covered} of {remainder}: the room left under the limit of {limit} "
             "in force on its delivery date{before}.",
    LIMIT_USED_UP: "Nothing covered although {remainder} is owed: the limit of {limit} in "
                   "force on its delivery date was used up by the invoices delivered "
                   "before it ({earlier}), covered for {used}.",
    NOTHING_OWED: "Nothing covered: nothing eligible is still owed on it (see above).",
    OUT: "Nothing covered: the invoice is out of the claim (see above).",
    "before": ", after {used} covered on the invoices delivered before it ({earlier})",
})

SUMMARY = Words("cover", {
    "binds": "The limit binds: of the net outstanding of {net}, {covered} is covered, "
             "taken by delivery date, oldest first, each under the limit in force on its "
             "delivery date.",
    "covered": "Covered: {invoices}.",
    "part": "Covered in part, where the limit ran out: {invoices}.",
    "nothing": "Nothing covered on {invoices}: the limit in force on their delivery dates "
               "had been used up by the invoices delivered before them.",
    "fits": "The limit does not bind: every eligible amount still owed is covered.",
})


def cover_notes(stored: StoredStatement, lang: str) -> tuple[dict[str, str], list[str]]:
    """Each invoice number's sentence, and the summary of where the limit bound."""
    said = explain(stored)
    currency = stored["currency"]

    def money(value: Decimal) -> str:
        return f"{amount(value, currency, lang)} {currency}"

    words = LINES[lang]
    lines = {}
    for number, cover in said.lines.items():
        figures = {"covered": money(cover.covered), "remainder": money(cover.remainder),
                   "limit": money(cover.limit), "used": money(cover.used_before),
                   "earlier": ", ".join(cover.earlier)}
        before = words["before"].format(**figures) if cover.earlier else ""
        lines[number] = words[cover.code].format(**figures, before=before)
    return lines, _summary(said, lang, money)


def _summary(said: Explanation, lang: str, money: Callable[[Decimal], str]) -> list[str]:
    words = SUMMARY[lang]
    if not said.limit_binds:
        return [words["fits"]] if said.covered > 0 else []
    found = [words["binds"].format(net=money(said.net_outstanding), covered=money(said.covered))]
    for key, invoices in (("covered", said.covered_invoices),
                          ("part", said.part_covered_invoices),
                          ("nothing", said.uncovered_invoices)):
        if invoices:
            found.append(words[key].format(invoices=", ".join(invoices)))
    return found
