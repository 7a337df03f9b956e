"""Every mapped table, imported in one place for Alembic and the test schema."""

from buyers_db.models import Buyer, BuyerWord, BuyerWordCount, FinancialStatement, LegalEvent
from claims.desk.models import Document, Message
from claims.models import (
    CaseEvent,
    CaseInvoice,
    CaseSettlement,
    Claim,
    CollectionCase,
    Dispute,
    OverdueNotification,
    Recovery,
)
from claims.receivables.models import ReceivableLine
from core.accounts.models import (
    ApiToken,
    Insured,
    RecoveryCode,
    SignInThrottle,
    TwoFactor,
    User,
)
from core.audit import AuditEntry
from core.db import Base
from core.jobs import JobRun, SchedulerLease
from core.outbox import OutboxEvent
from notifications.models import Delivery, NotificationPreference, Webhook
from portal.api.idempotency import IdempotentResponse
from portal.import_jobs import BuyerImportJob
from underwriting.grading.records import BuyerGrade, GradeChange, GradingRun, StagedScore
from underwriting.policies.models import Policy, PolicyTermsVersion
from underwriting.premium.models import PremiumDeclaration, PremiumInvoice, PremiumTrueUp
from underwriting.watchlist import WatchedBuyer

metadata = Base.metadata

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Buyer",
    "BuyerGrade",
    "BuyerImportJob",
    "BuyerWord",
    "BuyerWordCount",
    "CaseEvent",
    "CaseInvoice",
    "CaseSettlement",
    "Claim",
    "CollectionCase",
    "Delivery",
    "Dispute",
    "Document",
    "FinancialStatement",
    "GradeChange",
    "GradingRun",
    "IdempotentResponse",
    "Insured",
    "JobRun",
    "LegalEvent",
    "Message",
    "NotificationPreference",
    "OutboxEvent",
    "OverdueNotification",
    "Policy",
    "PolicyTermsVersion",
    "PremiumDeclaration",
    "PremiumInvoice",
    "PremiumTrueUp",
    "ReceivableLine",
    "Recovery",
    "RecoveryCode",
    "SchedulerLease",
    "SignInThrottle",
    "StagedScore",
    "TwoFactor",
    "User",
    "WatchedBuyer",
    "Webhook",
    "metadata",
]
