"""The statement of loss of a claim as a PDF (docs/domain.md §6, §8), in English or Chinese: every
figure of the stored statement, printed as it was computed at the assessment, never again."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypedDict

from sqlalchemy.orm import Session

from claims.assessment import get_claim
from claims.indemnity.lines import StoredLine
from claims.indemnity.statement import MONEY, StoredStatement
from claims.models import Claim, Recovery
from core.actor import Actor
from core.errors import InvalidTransition
from reports import claim_text as words
from reports.claim_docs import amount, check_lang, day, heading, parties, short_day
from reports.cover_text import cover_notes
from reports.pdf import render_pdf, templates


def statement_pdf(session: Session, claim_id: int, *, actor: Actor, lang: str) -> bytes:
    """The statement of loss of an assessed claim. Another tenant's claim is NotFound; a claim
    not assessed yet has no statement (InvalidTransition, 409)."""
    check_lang(lang)
    return render_pdf(statement_html(session, claim_id, actor=actor, lang=lang))


def statement_html(session: Session, claim_id: int, *, actor: Actor, lang: str) -> str:
    claim = get_claim(session, claim_id, actor=actor)
    stored = claim.statement
    if stored is None:
        raise InvalidTransition(f"Claim {claim.id} has not been assessed yet: it has no "
                                "statement of loss.")
    currency = stored["currency"]
    covers, cover_summary = cover_notes(stored, lang)
    return templates.get_template("statement.html").render(
        **heading(lang), t=words.STATEMENT[lang], claim=_claim(claim, lang),
        date=day(claim.assessed_on, lang),
        **parties(session, actor=actor, insured_id=claim.insured_id,
                  policy_id=claim.policy_id, buyer_id=claim.buyer_id, lang=lang),
        currency=currency, cover_summary=cover_summary,
        lines=[_line(line, currency, lang, cover=covers[line["number"]])
               for line in stored["invoices"]],
        totals=_totals(stored["invoices"], currency, lang),
        steps=_steps(stored, lang), notes=_notes(stored, lang),
        recoveries=[_recovery(r, currency, lang) for r in claim.recoveries],
    )


class ClaimShown(TypedDict):
    """The claim as the statement heads it, in its language."""

    id: int
    case_id: int
    cause: str
    status: str
    date_of_loss: str
    insolvency_date: str | None
    filed_on: str
    filing_deadline: str
    filed_late: bool
    notified_on: str
    stop_date: str
    assessed_on: str
    approved_on: str | None
    payable_by: str | None
    paid_on: str | None
    paid_amount: str | None
    rejection_reason: str | None


class LineShown(TypedDict):
    """An invoice line as the statement prints it: amounts grouped, in its language."""

    amount: str
    vat_amount: str
    payments_applied: str
    disputed_amount: str
    outstanding: str
    vat_excluded: str
    eligible_remainder: str
    applicable_limit: str
    covered_amount: str
    number: str
    eligible: bool
    dates: list[str]
    limit_type: str
    insured_pct: str
    reasons: list[str]
    cover: str
    """Why it covers what it covers (`cover_text`)."""


class StepShown(TypedDict):
    key: str
    text: str
    amount: str
    result: bool


def _claim(claim: Claim, lang: str) -> ClaimShown:
    currency = claim.currency
    return {
        "id": claim.id, "case_id": claim.case_id,
        "cause": words.CAUSES[lang][claim.cause.value],
        "status": words.CLAIM_STATUSES[lang][claim.status.value],
        "date_of_loss": day(claim.date_of_loss, lang),
        "insolvency_date": day(claim.insolvency_date, lang) if claim.insolvency_date else None,
        "filed_on": day(claim.filed_on, lang),
        "filing_deadline": day(claim.filing_deadline, lang), "filed_late": claim.filed_late,
        "notified_on": day(claim.statement["notified_on"], lang) if claim.statement else "–",
        "stop_date": day(claim.statement["stop_date"], lang) if claim.statement else "–",
        "assessed_on": day(claim.assessed_on, lang),
        "approved_on": day(claim.approved_on, lang) if claim.approved_on else None,
        "payable_by": day(claim.payable_by, lang) if claim.payable_by else None,
        "paid_on": day(claim.paid_on, lang) if claim.paid_on else None,
        "paid_amount": amount(claim.paid_amount, currency, lang) if claim.paid_amount else None,
        "rejection_reason": claim.rejection_reason,
    }


def _line(line: StoredLine, currency: str, lang: str, *, cover: str) -> LineShown:
    def shown(value: str | None) -> str:
        return amount(value, currency, lang)

    limit_type = line["limit_type"]
    return {
        "amount": shown(line["amount"]), "vat_amount": shown(line["vat_amount"]),
        "payments_applied": shown(line["payments_applied"]),
        "disputed_amount": shown(line["disputed_amount"]),
        "outstanding": shown(line["outstanding"]), "vat_excluded": shown(line["vat_excluded"]),
        "eligible_remainder": shown(line["eligible_remainder"]),
        "applicable_limit": shown(line["applicable_limit"]),
        "covered_amount": shown(line["covered_amount"]),
        "number": line["number"], "eligible": line["eligible"],
        "dates": [short_day(line[k]) for k in ("invoice_date", "delivery_date", "due_date")],
        "limit_type": words.LIMIT_TYPES[lang].get(limit_type, "") if limit_type else "",
        "insured_pct": f"{line['insured_pct']} %" if line["insured_pct"] else "–",
        "reasons": [words.reason(r["code"], r["text"], lang) for r in line["reasons"]],
        "cover": cover,
    }


Summed = Literal["amount", "vat_amount", "payments_applied", "disputed_amount", "outstanding",
                 "vat_excluded", "eligible_remainder", "covered_amount"]
SUMMED: tuple[Summed, ...] = ("amount", "vat_amount", "payments_applied", "disputed_amount",
                              "outstanding", "vat_excluded", "eligible_remainder",
                              "covered_amount")


def _totals(lines: list[StoredLine], currency: str, lang: str) -> dict[str, str]:
    return {name: amount(sum((Decimal(line[name]) for line in lines), Decimal(0)), currency,
                         lang) for name in SUMMED}


def _steps(stored: StoredStatement, lang: str) -> list[StepShown]:
    currency = stored["currency"]
    figures = {name: stored[name] for name in MONEY}
    result = {"total_debt", "net_outstanding", "covered_amount", "indemnity"}
    return [{"key": key, "text": text, "amount": amount(figures[key], currency, lang),
             "result": key in result} for key, text in words.STEPS[lang]]


def _notes(stored: StoredStatement, lang: str) -> list[str]:
    notes = words.NOTES[lang]
    found = [notes["weighted_pct"].format(pct=f"{stored['insured_pct']} %"),
             notes[stored["deductible_order"]]]
    if stored["threshold_applied"]:
        found.append(notes["threshold_applied"])
    if Decimal(stored["payments_unapplied"]) > 0:
        found.append(notes["unapplied"].format(
            amount=amount(stored["payments_unapplied"], stored["currency"], lang)))
    return found


def _recovery(recovery: Recovery, currency: str, lang: str) -> dict[str, str]:
    return {"received_on": short_day(recovery.received_on),
            "amount": amount(recovery.amount, currency, lang),
            "sharing": words.SHARING[lang].get(recovery.sharing, recovery.sharing),
            "insurer_share": amount(recovery.insurer_share, currency, lang),
            "insured_share": amount(recovery.insured_share, currency, lang)}


def filename(claim_id: int, lang: str) -> str:
    return f"statement-of-loss-{claim_id}-{lang}.pdf"
