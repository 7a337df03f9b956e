"""The indemnity engine (docs/domain.md §6, "The indemnity computation"): pure functions of plain
frozen values, no database. A service loads the claim's facts, calls `statement_of_loss`, and
stores the `Statement`; after payment, `split_recovery` divides each recovery.

    statement_of_loss(facts: ClaimFacts) -> Statement
    split_recovery(amount, statement | RecoveryBasis, sharing, *, insurer_recovered_before=0)
        -> RecoverySplit
    stop_date(invoices, settlements, terms, notified_on) -> date
    date_of_loss(loss, invoices, settlements, terms, insured=None) -> date | None
"""

from claims.indemnity.allocation import Allocation, allocate, oldest_first
from claims.indemnity.cover import cover_lines
from claims.indemnity.dates import (
    claim_filing_deadline,
    date_of_loss,
    mep_expiry,
    notification_deadline,
    stop_date,
)
from claims.indemnity.engine import statement_of_loss
from claims.indemnity.facts import (
    AppliedLimit,
    ClaimFacts,
    Invoice,
    LimitHistory,
    LimitLookup,
    LimitVersion,
    LossCause,
    LossEvent,
    PolicyPeriod,
    PolicyYearToDate,
    Settlement,
    SettlementKind,
)
from claims.indemnity.lines import InvoiceLine
from claims.indemnity.payable import max_liability
from claims.indemnity.reasons import Reason, ReasonCode
from claims.indemnity.recoveries import RecoveryBasis, RecoverySplit, split_recovery
from claims.indemnity.statement import Statement

__all__ = [
    "Allocation",
    "AppliedLimit",
    "ClaimFacts",
    "Invoice",
    "InvoiceLine",
    "LimitHistory",
    "LimitLookup",
    "LimitVersion",
    "LossCause",
    "LossEvent",
    "PolicyPeriod",
    "PolicyYearToDate",
    "Reason",
    "ReasonCode",
    "RecoveryBasis",
    "RecoverySplit",
    "Settlement",
    "SettlementKind",
    "Statement",
    "allocate",
    "claim_filing_deadline",
    "cover_lines",
    "date_of_loss",
    "max_liability",
    "mep_expiry",
    "notification_deadline",
    "oldest_first",
    "split_recovery",
    "statement_of_loss",
    "stop_date",
]
