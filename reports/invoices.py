"""Premium invoices as PDF (docs/domain.md §7, §8), in English or Chinese, in the decision letter's
style and through the same restricted renderer."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TypedDict

from sqlalchemy.orm import Session

from core.accounts.models import Insured
from core.actor import Actor
from core.errors import RuleViolation
from core.tenancy import owned_or_404
from reports import invoice_text as words
from reports import letter_text
from reports.pdf import render_pdf, templates
from underwriting.policies.services import get_policy
from underwriting.premium.invoicing import get_invoice
from underwriting.premium.models import InvoiceKind, PremiumInvoice
from underwriting.premium.years import policy_years

BankAccount = Mapping[str, str]
"""The insurer's account to be paid into: beneficiary, iban, bic, bank."""


def premium_invoice(session: Session, invoice_id: int, *, actor: Actor, lang: str,
                    bank_account: BankAccount | None) -> bytes:
    """The premium invoice as PDF, in English ("en") or Simplified Chinese ("zh"), asking to
    be paid into `bank_account` with the invoice number as reference. Another tenant's
    invoice is NotFound, as if it did not exist."""
    if lang not in letter_text.LANGUAGES:
        raise RuleViolation("No invoices in this language.",
                            fields={"lang": [f"One of: {', '.join(letter_text.LANGUAGES)}."]})
    return render_pdf(invoice_html(session, invoice_id, actor=actor, lang=lang,
                                   bank_account=bank_account))


def invoice_html(session: Session, invoice_id: int, *, actor: Actor, lang: str,
                 bank_account: BankAccount | None = None) -> str:
    invoice = get_invoice(session, invoice_id, actor=actor)
    policy = get_policy(session, invoice.policy_id, actor=actor)
    insured = owned_or_404(session.get(Insured, invoice.insured_id), actor, "Insured")
    year = next(y for y in policy_years(policy) if y.start == invoice.policy_year_start)
    text = words.TEXT[lang]
    return templates.get_template("premium_invoice.html").render(
        lang=lang, t=text, letterhead=words.LETTERHEAD[lang], invoice=invoice,
        title=text[f"title_{invoice.kind.value}"],
        explain=text[f"explain_{invoice.kind.value}"].format(policy=policy.number),
        insured={"name": insured.name, "registration": insured.registration_number,
                 "country": letter_text.country(insured.country, lang)},
        policy={"number": policy.number, "currency": policy.currency},
        issued_on=letter_text.day(invoice.issued_on, lang),
        due_on=letter_text.day(invoice.due_on, lang),
        year=text["year_span"].format(start=letter_text.day(year.start, lang),
                                      end=letter_text.day(year.end, lang)),
        lines=_lines(invoice, lang), true_up=_true_up(invoice, lang),
        total=_money(invoice.amount, invoice, lang),
        payment=text["payment"].format(date=letter_text.day(invoice.due_on, lang)),
        bank=bank_account,
    )


def _money(amount: Decimal, invoice: PremiumInvoice, lang: str) -> str:
    return letter_text.money(amount, invoice.currency, lang)


def _lines(invoice: PremiumInvoice, lang: str) -> list[dict[str, str]]:
    return [{"period": words.month(d.period.year, d.period.month, lang),
             "turnover": _money(d.insured_turnover, invoice, lang),
             "rate": f"{d.premium_rate.normalize():f} %",
             "premium": _money(d.premium, invoice, lang)} for d in invoice.declarations]


class TrueUp(TypedDict):
    declared: str
    minimum: str
    adjustment: str


def _true_up(invoice: PremiumInvoice, lang: str) -> TrueUp | None:
    closing = invoice.true_up
    if invoice.kind is not InvoiceKind.MINIMUM_PREMIUM or closing is None:
        return None
    return {"declared": _money(closing.declared_premium, invoice, lang),
            "minimum": _money(closing.minimum_premium, invoice, lang),
            "adjustment": _money(closing.adjustment, invoice, lang)}


def filename(invoice_id: int, lang: str) -> str:
    return f"premium-invoice-{invoice_id}-{lang}.pdf"
