"""Names people read for the codes of overdue notifications, cases and claims, in the page's
language. The services write their reasons and notes in English with figures; the pages build
their own sentences from the codes and figures instead, so both languages say the same."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import Flask
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from claims.indemnity.statement import StoredStatement
from portal.pages.labels import PROBLEMS, VALUES, money
from reports.cover_text import cover_notes

CASE_STATUSES = {"open": _l("Collecting"), "claimed": _l("Claim in progress"),
                 "closed": _l("Closed")}

CLAIM_STATUSES = {"open": _l("Filed, to assess"), "assessed": _l("Assessed"),
                  "approved": _l("Approved"), "rejected": _l("Rejected"), "paid": _l("Paid")}

CAUSES = {"insolvency": _l("Insolvency of the buyer"),
          "protracted_default": _l("Protracted default")}

OUTCOMES = {"owed": _l("Owed after all"), "not_owed": _l("Not owed: the buyer was right")}

SETTLEMENTS = {"payment": _l("Payment"), "credit_note": _l("Credit note")}

EVENTS = {
    "notified": _l("Overdue notified"), "stage": _l("Collection stage reached"),
    "payment": _l("Payment received"), "credit_note": _l("Credit note issued"),
    "dispute_opened": _l("Dispute opened"), "dispute_resolved": _l("Dispute resolved"),
    "claim_opened": _l("Claim opened"), "claim_rejected": _l("Claim rejected"),
    "claim_paid": _l("Claim paid"), "closed": _l("Case closed: paid in full"),
    "dispute_carried_over": _l("Dispute carried over, left out of the paid claim"),
}
# Whose detail is the user's own words or a reference, shown as written in both languages.
EVENT_DETAIL_IS_DATA = {"payment", "credit_note", "dispute_opened", "claim_rejected"}

REASONS = {
    "outside_policy_period": _l("Delivered outside the policy period."),
    "no_limit": _l("No credit limit covered the buyer on the delivery date."),
    "after_stop": _l("Delivered after cover for new deliveries to the buyer stopped."),
    "terms_over_mct": _l("Payment terms over the policy's maximum credit period."),
    "disputed": _l("The whole invoice is disputed: set aside until resolved."),
    "notified_late": _l("The overdue was notified after its deadline."),
    "buyer_cover_void": _l("Cover on this buyer is void: another invoice was notified late."),
    "partly_disputed": _l("Part of the invoice is disputed: set aside until resolved."),
    "vat_excluded": _l("The VAT on the amount owed is not covered by the policy."),
    "paid": _l("Paid in full (payments go to the oldest open invoice first)."),
}

REDUCTIONS = {
    "late_notification": _l("Notified after the deadline: cover on the buyer is void."),
    "terms_over_mct": _l("Payment terms over the policy's maximum credit period."),
    "no_limit": _l("Delivered when no credit limit covered the buyer."),
    "after_stop": _l("Delivered after cover for new deliveries to the buyer stopped."),
    "outside_policy_period": _l("Delivered outside the policy period."),
    "disputed": _l("In dispute: set aside until the dispute is resolved."),
    "vat_excluded": _l("VAT, which the policy does not cover."),
    "above_limit": _l("Owed on covered deliveries beyond the credit limit."),
    "threshold": _l("The loss is at or below the policy's threshold."),
    "uninsured_share": _l("The uninsured percentage you keep."),
    "deduction": _l("The deductible, or the minimum retention."),
    "aggregate_first_loss": _l("Borne by you under the aggregate first loss."),
    "max_liability": _l("Beyond the policy year's maximum liability."),
}

DEADLINES = {"notification_deadline": _l("Notify the overdue"),
             "claim_filing_deadline": _l("File the claim")}

# The statement of loss, step by step (docs/domain.md §6), as the handler checks it.
STEPS = (
    ("gross_outstanding", _l("Notified invoices, VAT included")),
    ("payments_applied", _l("less payments and credit notes applied before the date of loss")),
    ("total_debt", _l("Total debt at the date of loss")),
    ("excluded", _l("less invoices out of the claim, disputed parts and VAT not covered")),
    ("net_outstanding", _l("Net outstanding")),
    ("applicable_limit", _l("Applicable credit limit")),
    ("covered_amount", _l("Covered amount: the lesser of net outstanding and the limit")),
    ("threshold", _l("Threshold (non-qualifying loss)")),
    ("insured_share", _l("Insured share: covered amount × insured %")),
    ("deductible", _l("Deductible per buyer")),
    ("minimum_retention", _l("Minimum retention")),
    ("deduction", _l("Deduction")),
    ("retention", _l("Retained by the insured")),
    ("indemnity_before_aggregate", _l("Indemnity before the aggregate first loss")),
    ("aggregate_first_loss_absorbed", _l("less aggregate first loss borne by the insured")),
    ("max_liability", _l("Maximum liability left in the policy year")),
    ("max_liability_cap_applied", _l("less the part beyond the maximum liability")),
    ("indemnity", _l("Indemnity")),
)
RESULT_STEPS = {"total_debt", "net_outstanding", "covered_amount", "indemnity"}

CLAIM_PROBLEMS = {
    "A notification lists its unpaid invoices.": _l("List at least one unpaid invoice."),
    "Some invoices are not valid.": _l("Some invoices are not valid."),
    "Some invoices were notified before.": _l("Some invoices were notified before."),
    "Listed twice in this notification.": _l("Listed twice in this notification."),
    "Cannot exceed the invoice amount (VAT included).":
        _l("Cannot exceed the invoice amount (VAT included)."),
    "Cannot be before the invoice date.": _l("Cannot be before the invoice date."),
    "That date has not come yet.": _l("That date has not come yet."),
    "More than the buyer owes on this case.": _l("More than the buyer owes on this case."),
    "This credit note is already recorded.": _l("This credit note is already recorded."),
    "Already recorded on this case.": _l("Already recorded on this case."),
    "No such invoice on this case.": _l("No such invoice on this case."),
    "Not notified on this case.": _l("Not notified on this case."),
    "More than is left to dispute on this invoice.":
        _l("More than is left to dispute on this invoice."),
    "A claim is already in progress on this case.":
        _l("A claim is already in progress on this case."),
    "No insolvency of this buyer is on record.": _l("No insolvency of this buyer is on record."),
    "The buyer is not known to be insolvent.": _l("The buyer is not known to be insolvent."),
    "No protracted default yet.": _l("No protracted default yet."),
    "A rejection gives its reason.": _l("A rejection gives its reason."),
    "A claim is paid after its approval, and not in the future.":
        _l("A claim is paid after its approval, and not in the future."),
    "A recovery comes after the claim was paid.": _l("A recovery comes after the claim was paid."),
    "More than the buyer still owed.": _l("More than the buyer still owed."),
    "The amount is not valid.": _l("The amount is not valid."),
    "Shorter than minimum length 1.": _l("Required."),
    "Must be one of: insolvency, protracted_default.": _l("Choose a cause."),
    "Must be one of: owed, not_owed.": _l("Choose an outcome."),
    "A document is a PDF, PNG, JPEG, CSV or XLSX file.":
        _l("A document is a PDF, PNG, JPEG, CSV or XLSX file."),
    "Not a PDF, PNG, JPEG, CSV or XLSX file.": _l("Not a PDF, PNG, JPEG, CSV or XLSX file."),
    "Missing or empty.": _l("Missing or empty."),
    "Send the document as the multipart field 'file'.":
        _l("Send the document as the multipart field 'file'."),
    "A message says something.": _l("A message says something."),
}


def _chinese() -> bool:
    return str(get_locale()) == "zh"


def reason_label(reason: dict[str, Any]) -> str:
    """An invoice's reason: the engine's own sentence in English, ours in Chinese."""
    if _chinese():
        return str(REASONS.get(reason["code"], reason["text"]))
    return str(reason["text"])


def event_text(event: Any) -> str:
    """One line of a case's timeline in the page's language."""
    label = str(EVENTS.get(event.kind, event.kind))
    if event.kind == "stage":
        return f"{label}: {VALUES.get(event.detail, event.detail)}"
    if event.kind == "dispute_resolved" and ": " in event.detail:
        number, outcome = event.detail.split(": ", 1)
        return f"{label}: {number}, {OUTCOMES.get(outcome.replace(' ', '_'), outcome)}"
    if event.detail and (event.kind in EVENT_DETAIL_IS_DATA or not _chinese()):
        return f"{label}: {event.detail}"
    words = detail_words(event.detail) if event.detail else None
    return f"{label}: {words}" if words else label


# The details the services write on a case's timeline, and their words in the page's language.
_DETAILS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"(?P<count>\d+) invoices, (?P<total>[\d.]+) (?P<currency>[A-Z]{3})\."),
     lambda p: _l("%(count)s invoices, %(total)s.", count=p["count"],
                  total=money(p["total"], p["currency"]))),
    (re.compile(r"Claim (?P<id>\d+): (?P<cause>insolvency|protracted default), date of loss "
                r"(?P<day>\d{4}-\d{2}-\d{2})\.(?P<late> Filed after the filing deadline\.)?"),
     lambda p: str(_l("Claim %(id)s: %(cause)s, date of loss %(day)s.", id=p["id"],
                      cause=CAUSES[p["cause"].replace(" ", "_")], day=p["day"]))
     + (str(_l(" Filed after the filing deadline.")) if p["late"] else "")),
    (re.compile(r"Claim (?P<id>\d+)\."), lambda p: _l("Claim %(id)s.", id=p["id"])),
    (re.compile(r"(?P<invoice>.+): claim (?P<claim>\d+)"),
     lambda p: _l("%(invoice)s: claim %(claim)s", invoice=p["invoice"], claim=p["claim"])),
    (re.compile(r"Paid in full\."), lambda p: _l("Paid in full.")),
]


def detail_words(detail: str) -> str | None:
    """A timeline detail in the page's language, or None when it is not one the services
    write (then only the event's name is shown)."""
    for pattern, words in _DETAILS:
        match = pattern.fullmatch(detail)
        if match:
            return str(words(match.groupdict()))
    return None


def person_name(user: Any) -> str:
    """Who wrote or brought something, as the other side reads it."""
    if user is None:
        return str(_l("the daily job"))
    side = _l("Insurer") if user.role.is_staff else _l("Insured")
    return f"{user.full_name or user.email} ({side})"


@dataclass(frozen=True)
class CoverView:
    lines: dict[str, str]
    summary: list[str]


def cover_of(statement: StoredStatement) -> CoverView:
    """Why each line covers what it does, in the page's language (the statement's words)."""
    return CoverView(*cover_notes(statement, "zh" if _chinese() else "en"))


def init_app(app: Flask) -> None:
    PROBLEMS.update(CLAIM_PROBLEMS)
    app.jinja_env.globals.update(
        case_status_label=lambda code: CASE_STATUSES.get(code, code),
        claim_status_label=lambda code: CLAIM_STATUSES.get(code, code),
        cause_label=lambda code: CAUSES.get(code, code),
        dispute_outcome_label=lambda code: OUTCOMES.get(code, code),
        settlement_label=lambda code: SETTLEMENTS.get(code, code),
        deadline_label=lambda code: DEADLINES.get(code, code),
        reduction_label=lambda code: REDUCTIONS.get(code, code),
        stage_label=lambda code: VALUES.get(code, code) if code else "–",
        claim_reason=reason_label, event_text=event_text, person_name=person_name,
        cover_of=cover_of,
        STATEMENT_STEPS=STEPS, RESULT_STEPS=RESULT_STEPS, money_text=money,
    )
