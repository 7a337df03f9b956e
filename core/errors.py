"""Domain errors. Services raise them; the portal maps them to HTTP in one place."""

from __future__ import annotations

from typing import Any

from core.plain import Document


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, message: str, *, fields: Document | None = None) -> None:
        """`fields` maps a field to its messages, or a nested object's field to its own."""
        super().__init__(message)
        self.message = message
        self.fields: dict[str, Any] = dict(fields or {})


class NotFound(DomainError):
    """Absent, or belonging to another tenant: the two are never told apart."""

    code = "not_found"


class Forbidden(DomainError):
    code = "forbidden"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class InvalidTransition(DomainError):
    code = "invalid_transition"


class Conflict(DomainError):
    """A duplicate of something that must be unique."""

    code = "conflict"


class RuleViolation(DomainError):
    """Well-formed input that breaks a business rule."""

    code = "rule_violation"


class TooManyAttempts(DomainError):
    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
