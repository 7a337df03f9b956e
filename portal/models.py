"""Every mapped table, imported in one place for Alembic and the test schema."""

from core.accounts.models import ApiToken, Insured, SignInThrottle, User
from core.audit import AuditEntry
from core.db import Base
from core.jobs import JobRun, SchedulerLease
from portal.api.idempotency import IdempotentResponse
from underwriting.policies.models import Policy, PolicyTermsVersion

metadata = Base.metadata

__all__ = [
    "ApiToken", "AuditEntry", "IdempotentResponse", "Insured", "JobRun", "Policy",
    "PolicyTermsVersion", "SchedulerLease", "SignInThrottle", "User", "metadata",
]
