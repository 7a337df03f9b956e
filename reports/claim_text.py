"""The words of the claims documents (statement of loss, overdue acknowledgement) in English
and Simplified Chinese. Amounts, dates and countries are formatted by `letter_text`."""

from __future__ import annotations

from core.catalogue import Words

DEPARTMENT = Words("claim", "Claims Department")

COMMON = Words("claim", {
    "date": "Date", "claim_no": "Claim no.", "case_no": "Case no.", "policy": "Policy",
    "currency": "Currency", "insured": "Insured", "buyer": "Buyer", "name": "Name",
    "country": "Country", "registration": "Reg. no.", "yes": "yes", "no": "no",
    "none": "none", "days": "{days} days",
    "footer": "Produced electronically; valid without signature.",
    "page": '"Page " counter(page) " of " counter(pages)',
    "number": "Invoice", "invoice_date": "Invoice date", "delivery_date": "Delivered",
    "due_date": "Due", "amount": "Amount", "vat": "VAT",
})

STATEMENT = Words("claim", {
    "title": "Statement of loss",
    "claim": "Claim", "cause": "Cause of loss", "date_of_loss": "Date of loss",
    "insolvency_date": "Insolvency date", "filed_on": "Filed on",
    "filing_deadline": "Filing deadline", "filed_late": "filed after the deadline",
    "notified_on": "Overdue notified on", "stop_date": "Cover stopped for deliveries from",
    "status": "Status", "assessed_on": "Assessed on",
    "approved_on": "Approved on", "payable_by": "Payable by", "paid_on": "Paid on",
    "paid_amount": "Amount paid", "rejection": "Reason for rejection",
    "invoices": "Invoices", "paid": "Paid", "disputed": "Disputed",
    "outstanding": "Owed", "vat_excluded": "VAT out", "remainder": "Eligible",
    "limit": "Limit", "pct": "Insured %", "covered": "Covered", "in_out": "In claim",
    "in": "in", "out": "out",
    "computation": "Computation", "step": "Step", "figure": "Amount",
    "recoveries": "Recoveries", "received_on": "Received on", "sharing": "Sharing",
    "insurer_share": "Insurer's share", "insured_share": "Your share",
    "intro": ("Every figure below is printed as the indemnity engine computed it on "
              "{assessed}; payments and credit notes before the date of loss were applied "
              "to the oldest open invoice first."),
})

# Each step of the computation, in the order docs/domain.md §6 gives: (key of the figure, words).
STEPS = Words("claim", (
    ("gross_outstanding", "Notified invoices, VAT included"),
    ("payments_applied", "less payments and credit notes applied before the date of loss"),
    ("total_debt", "Total debt at the date of loss"),
    ("excluded", "less invoices out of the claim, disputed parts and VAT not covered"),
    ("net_outstanding", "Net outstanding"),
    ("applicable_limit", "Applicable credit limit"),
    ("covered_amount", "Covered amount: the lesser of net outstanding and the limit"),
    ("threshold", "Threshold (non-qualifying loss)"),
    ("insured_share", "Insured share: covered amount × insured %"),
    ("deductible", "Deductible per buyer"),
    ("minimum_retention", "Minimum retention"),
    ("deduction", "Deduction"),
    ("retention", "Retained by the insured"),
    ("indemnity_before_aggregate", "Indemnity before the aggregate first loss"),
    ("aggregate_first_loss_absorbed", "less aggregate first loss borne by the insured"),
    ("max_liability", "Maximum liability left in the policy year"),
    ("max_liability_cap_applied", "less the part beyond the maximum liability"),
    ("indemnity", "Indemnity"),
))

NOTES = Words("claim", {
    "threshold_applied": "The loss is at or below the threshold: nothing is payable.",
    "pct_then_deduct": "Order: insured %, then the deductible.",
    "deduct_then_pct": "Order: the deductible, then insured %.",
    "weighted_pct": "Insured % {pct} (weighted where limits of both types applied).",
    "unapplied": "Payments beyond every open amount (credit balance): {amount}.",
})

CAUSES = Words("claim", {
    "insolvency": "Insolvency of the buyer", "protracted_default": "Protracted default",
})

CLAIM_STATUSES = Words("claim status", {
    "open": "Filed, to assess", "assessed": "Assessed", "approved": "Approved",
    "rejected": "Rejected", "paid": "Paid",
})

SHARING = Words("claim", {
    "loss_share": "share of the loss", "receivable_ratio": "receivable ratio",
})

LIMIT_TYPES = Words("claim", {"insurer": "insurer", "discretionary": "discretionary"})

# The engine writes each reason in English with its figures; a document in another language
# names the reason, and the figures stand in the invoice's own columns.
REASONS = Words("claim reason", {
    "outside_policy_period": "The delivery date is outside the policy period.",
    "no_limit": "No credit limit covered the buyer on the delivery date.",
    "after_stop": "Cover of new deliveries to the buyer had stopped when it was delivered.",
    "terms_over_mct": "The payment terms exceed the policy's maximum credit period.",
    "disputed": "The whole invoice is disputed: it is left out until the dispute is resolved.",
    "notified_late": "The overdue was notified after the notification deadline.",
    "buyer_cover_void": "Another invoice was notified too late: cover on the buyer is void.",
    "partly_disputed": ("Part of the amount is disputed: it is left out until the dispute is "
                        "resolved."),
    "vat_excluded": "The policy does not cover the VAT part of the amount owed.",
    "paid": "Settled in full by payments and credit notes, the oldest due first.",
})


def reason(code: str, text: str, lang: str) -> str:
    """An invoice's reason in the document's language (the engine's own words in English)."""
    return text if lang == "en" else str(REASONS[lang].get(code, text))

ACKNOWLEDGEMENT = Words("claim", {
    "title": "Acknowledgement of overdue notification",
    "intro": ("We acknowledge your notification of overdue invoices on the buyer below. "
              "Collection case {case} was opened on {opened}. Deliveries to this buyer from "
              "{stop} are not covered until the insurer decides otherwise."),
    "notification": "Notified on {day}", "checks": "What the checks found",
    "no_issue": "No issue found.", "deadline": "Notify by", "total": "Total",
    "issues_note": ("An invoice is never refused for what the checks find; it may however "
                    "be left out of a claim for it."),
    "deadlines": "Deadlines", "what": "What", "by": "By", "standing": "Standing",
    "notify": "Notify invoice {number}", "file": "File a claim",
    "met": "met", "missed": "missed", "ahead": "{days} days left",
    "loss_note": ("If the buyer still owes on {day}, that is the date of loss ({cause}) and "
                  "the claim opens on that day."),
    "no_loss": "Nothing has been owed long enough yet for a protracted default.",
    "ladder": "Collection", "ladder_intro": "The case climbs the policy's collection ladder:",
    "stage_from": "{stage} from {day}",
    "closing": "Yours faithfully,",
})

STAGES = Words("claim", {"reminder": "reminder", "call": "call", "formal_demand": "formal demand",
       "legal": "legal action"})
