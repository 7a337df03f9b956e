"""The policy schedule as PDF: the policy, its insured, and every term of every version of its
terms, each version with the day it took effect, in the decision letter's style and through the
same restricted renderer.

The words come from the caller already in the reader's language (the portal's one catalogue),
so this module lays out and never translates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reports import letter_text
from reports.pdf import render_pdf, templates


@dataclass(frozen=True)
class TermsShown:
    effective_from: str
    """The day this version took effect, as the reader writes dates."""
    current: bool
    rows: Sequence[tuple[str, str]]
    """(term, value), each in the reader's words."""


def schedule_pdf(
    *, lang: str, words: Mapping[str, str], insured: Mapping[str, str],
    policy: Mapping[str, str], versions: Sequence[TermsShown],
) -> bytes:
    """The schedule of `policy` for `insured`; `words` names every heading and label."""
    html = templates.get_template("schedule.html").render(
        lang=lang, t=words, letterhead=letter_text.LETTERHEAD[lang] | {
            "department": words["department"]},
        insured={**insured, "country": letter_text.country(insured["country"], lang)},
        policy=policy, versions=versions)
    return render_pdf(html)


def filename(policy_number: str, lang: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in policy_number)
    return f"policy-schedule-{safe}-{lang}.pdf"
