"""The acknowledgement of an overdue notification (docs/domain.md §6.1, §8) as a PDF, in English or
Chinese: what was notified, each invoice's issues, the case opened, its collection ladder and
the deadlines that protect the cover (notification, claim filing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.cases import get_case
from claims.deadlines import Deadline, case_deadlines
from claims.indemnity import notification_deadline
from claims.loader import case_invoices, case_terms
from claims.models import CaseInvoice, CollectionCase, OverdueNotification
from claims.precheck import projected_statement
from core.actor import Actor
from core.clock import today
from reports import claim_text as words
from reports.claim_docs import amount, check_lang, day, heading, parties, short_day
from reports.pdf import render_pdf, templates
from underwriting.policies.terms import PolicyTerms


def acknowledgement_pdf(session: Session, case_id: int, *, actor: Actor, lang: str) -> bytes:
    """The acknowledgement of every notification on a case. Another tenant's case is
    NotFound, as if it did not exist."""
    check_lang(lang)
    return render_pdf(acknowledgement_html(session, case_id, actor=actor, lang=lang))


def acknowledgement_html(session: Session, case_id: int, *, actor: Actor, lang: str) -> str:
    case = get_case(session, case_id, actor=actor)
    terms = case_terms(session, case)
    t = words.ACKNOWLEDGEMENT[lang]
    day_now = today()
    return templates.get_template("acknowledgement.html").render(
        **heading(lang), t=t, date=day(day_now, lang), case=case,
        **parties(session, actor=actor, insured_id=case.insured_id, policy_id=case.policy_id,
                  buyer_id=case.buyer_id, lang=lang),
        intro=t["intro"].format(case=case.id, opened=day(case.notified_on, lang),
                                stop=day(case.stop_date, lang)),
        notifications=_notifications(session, case, terms, lang),
        deadlines=[_deadline(d, t, lang) for d in case_deadlines(session, case, day_now)],
        loss=_loss(session, case, day_now, t, lang),
        ladder=[t["stage_from"].format(stage=words.STAGES[lang][step.stage.value],
                                       day=day(case.notified_on
                                               + dt.timedelta(days=step.days), lang))
                for step in terms.collection_ladder],
    )


class InvoiceShown(TypedDict):
    number: str
    dates: list[str]
    amount: str
    vat: str
    deadline: str
    issues: list[str]


class NotificationShown(TypedDict):
    title: str
    invoices: list[InvoiceShown]
    total: str


class DeadlineShown(TypedDict):
    what: str
    by: str
    standing: str
    missed: bool


def _notifications(
    session: Session, case: CollectionCase, terms: PolicyTerms, lang: str
) -> list[NotificationShown]:
    deadlines = {i.number: notification_deadline(i, terms) for i in case_invoices(case)}
    found = session.scalars(select(OverdueNotification).where(
        OverdueNotification.case_id == case.id).order_by(OverdueNotification.id))
    return [{"title": words.ACKNOWLEDGEMENT[lang]["notification"].format(
                day=day(n.notified_on, lang)),
             "invoices": [_invoice(i, deadlines[i.number], case.currency, lang)
                          for i in n.invoices],
             "total": amount(sum((i.amount for i in n.invoices), Decimal(0)), case.currency,
                             lang)}
            for n in found]


def _invoice(row: CaseInvoice, deadline: dt.date, currency: str, lang: str) -> InvoiceShown:
    return {
        "number": row.number,
        "dates": [short_day(d) for d in (row.invoice_date, row.delivery_date, row.due_date)],
        "amount": amount(row.amount, currency, lang), "vat": amount(row.vat_amount, currency,
                                                                    lang),
        "deadline": short_day(deadline),
        "issues": [words.reason(issue["code"], issue["text"], lang) for issue in row.issues],
    }


def _deadline(deadline: Deadline, t: dict[str, str], lang: str) -> DeadlineShown:
    what = (t["notify"].format(number=deadline.invoice_number)
            if deadline.kind == "notification_deadline" else t["file"])
    standing = (t["met"] if deadline.met else t["missed"] if deadline.met is False
                else t["ahead"].format(days=deadline.days_left))
    return {"what": what, "by": day(deadline.date, lang), "standing": standing,
            "missed": deadline.met is False}


def _loss(session: Session, case: CollectionCase, on: dt.date, t: dict[str, str],
          lang: str) -> str:
    statement = projected_statement(session, case, on)
    if statement.date_of_loss is None:
        return t["no_loss"]
    return t["loss_note"].format(day=day(statement.date_of_loss, lang),
                                 cause=words.CAUSES[lang][statement.cause.value])


def filename(case_id: int, lang: str) -> str:
    return f"overdue-acknowledgement-{case_id}-{lang}.pdf"
