"""The policy schedule in the reader's language: the words from the portal's one catalogue,
the terms labelled as the pages label them, laid out by `reports.schedule`."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from core.accounts.models import Insured
from core.actor import Actor
from core.clock import today
from core.tenancy import owned_or_404
from portal.pages.labels import TERMS, term_value
from reports import letter_text
from reports.schedule import TermsShown, schedule_pdf
from underwriting.policies import services


def policy_schedule(session: Session, policy_id: int, *, actor: Actor, lang: str) -> bytes:
    """The schedule of a policy the actor may read (another tenant's: NotFound)."""
    policy = services.get_policy(session, policy_id, actor=actor)
    insured = owned_or_404(session.get(Insured, policy.insured_id), actor, "Insured")
    current = policy.terms_on(today())
    with force_locale(lang):
        words = {
            "title": _("Policy schedule"), "department": _("Policy Administration"),
            "date": _("Date"), "policy": _("Policy"), "currency": _("Currency"),
            "period": _("Period of insurance"), "to": _("Insured"),
            "registration": _("Reg. no."), "term": _("Term"), "value": _("Value"),
            "in_force": _("in force today"),
            "intro": _("The terms of this policy, each version from the day it took effect. "
                       "A claim is assessed under the terms in force on the date of loss."),
            "footer": _("Produced electronically; valid without signature."),
            "page": letter_text.TEXT[lang]["page"],
        }
        versions = [TermsShown(
            effective_from=_("Terms from %(day)s",
                             day=letter_text.day(version.effective_from, lang)),
            current=version.id == current.id,
            rows=[(str(TERMS.get(key, key)), term_value(key, value, policy.currency))
                  for key, value in version.terms.to_json().items()],
        ) for version in policy.versions]
    return schedule_pdf(
        lang=lang, words=words, versions=versions,
        insured={"name": insured.name, "registration": insured.registration_number,
                 "country": insured.country},
        policy={"number": policy.number, "currency": policy.currency,
                "issued": letter_text.day(today(), lang),
                "period": f"{letter_text.day(policy.start_date, lang)} – "
                          f"{letter_text.day(policy.end_date, lang)}"})
