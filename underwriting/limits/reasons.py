"""Reason codes for limit decisions, after the EDIFACT 4509 list, in words an insured can read
in English (their Simplified Chinese is in the catalogue)."""

from __future__ import annotations

from dataclasses import dataclass

from core.catalogue import translate


@dataclass(frozen=True)
class Reason:
    code: str
    en: str

    @property
    def zh(self) -> str:
        return translate("zh", self.en, "reason")


REASONS = {r.code: r for r in (
    Reason("NFI", "No financial information on the buyer"),
    Reason("OLD", "Financial information is out of date"),
    Reason("NEW", "New company"),
    Reason("API", "Adverse public information"),
    Reason("INS", "Buyer insolvent"),
    Reason("CTR", "Buyer has ceased trading"),
    Reason("GRD", "Buyer's risk grade is too weak"),
    Reason("WCH", "Buyer's grade needs an underwriter's review"),
    Reason("UNG", "Buyer not yet graded"),
    Reason("CLF", "Credit limit full: no capacity left on the buyer"),
    Reason("ACE", "Amount above the automatic ceiling for the buyer's grade"),
    Reason("MCT", "Payment terms above the policy's maximum credit period"),
    Reason("CMT", "Request carries a comment for the underwriter"),
    Reason("PAY", "Adverse payment experience on the buyer"),
    Reason("OIR", "Only insolvency risk covered"),
    Reason("SPT", "Shorter payment terms required"),
    Reason("EXP", "Limit granted for a limited period"),
    Reason("RED", "Exposure reduced on the buyer"),
    Reason("UWD", "Underwriter's decision"),
)}


def known(codes: list[str]) -> list[str]:
    """The codes that are not in the list (empty when all are known)."""
    return [code for code in codes if code not in REASONS]
