"""Settings, read from the environment with safe defaults for the embedded SQLite setup."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Any


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


MIN_SECRET_KEY_BYTES = 32

BANK_ACCOUNT_PARTS = ("beneficiary", "iban", "bic", "bank")
# Outside production, premium invoices name this account, so that the demo's invoices read as
# real ones do; it is no account of anyone's (the IBAN is the standard's own example).
DEMO_BANK_ACCOUNT = {"beneficiary": "Trade Credit Insurer (demo)",
                     "iban": "DE89 3704 0044 0532 0130 00", "bic": "DEMODEFFXXX",
                     "bank": "Demo Bank"}


class InvalidSetting(ValueError):
    """A setting that cannot be read."""


def bank_account(raw: str | None, production: bool) -> dict[str, str] | None:
    """INSURER_BANK_ACCOUNT, "beneficiary=...; iban=...; bic=...; bank=...": the account premium
    invoices ask to be paid into. Unset: the demo account, except in production (none)."""
    if not raw:
        return None if production else dict(DEMO_BANK_ACCOUNT)
    parts = {}
    for item in raw.split(";"):
        key, _sep, value = item.partition("=")
        parts[key.strip().lower()] = value.strip()
    missing = [p for p in BANK_ACCOUNT_PARTS if not parts.get(p)]
    if missing or set(parts) - set(BANK_ACCOUNT_PARTS):
        raise InvalidSetting(
            "INSURER_BANK_ACCOUNT is 'beneficiary=...; iban=...; bic=...; bank=...', each part "
            f"once and none empty; missing: {', '.join(missing) or 'none'}.")
    return {p: parts[p] for p in BANK_ACCOUNT_PARTS}


class InsecureSettings(RuntimeError):
    """A setting that production must not run with."""


LOG_FORMATS = ("json", "text")


def load(instance: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """Settings from the environment, then `overrides` (a test's, say) on top."""
    production = os.environ.get("TCI_ENV", "development") == "production"
    settings = _settings(instance, overrides, production)
    if production and len(str(settings["SECRET_KEY"]).encode()) < MIN_SECRET_KEY_BYTES:
        raise InsecureSettings(
            f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes in production: it signs "
            "the session cookies. Generate one with `python -c 'import secrets; "
            "print(secrets.token_urlsafe(48))'`.")
    if settings["LOG_FORMAT"] not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, "
                         f"not {settings['LOG_FORMAT']!r}.")
    return settings


def _settings(instance: Path, overrides: dict[str, Any], production: bool) -> dict[str, Any]:
    return {
        "SECRET_KEY": overrides.get("SECRET_KEY") or _secret_key(instance),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'tci.sqlite'}",
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "SESSION_COOKIE_NAME": "tci_session",
        "PERMANENT_SESSION_LIFETIME": 8 * 3600,
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": {"en": "English", "zh": "简体中文"},
        "JSON_SORT_KEYS": False,
        # At or above this indemnity (in the policy's currency) a second claims handler approves.
        "FOUR_EYES_AMOUNT": Decimal(os.environ.get("FOUR_EYES_AMOUNT") or "25000.00"),
        # The account premium invoices ask to be paid into (see `bank_account`).
        "INSURER_BANK_ACCOUNT": bank_account(os.environ.get("INSURER_BANK_ACCOUNT"), production),
        # Where documents on cases and claims are kept; unset: instance/documents.
        "DOCUMENTS_FOLDER": os.environ.get("DOCUMENTS_FOLDER") or None,
        # Set on several hosts: documents go to this S3-compatible bucket instead of the folder.
        "DOCUMENTS_BUCKET": os.environ.get("DOCUMENTS_BUCKET") or None,
        "DOCUMENTS_S3_ENDPOINT": os.environ.get("DOCUMENTS_S3_ENDPOINT") or None,
        "DOCUMENTS_S3_REGION": os.environ.get("DOCUMENTS_S3_REGION") or None,
        "DOCUMENTS_S3_PREFIX": os.environ.get("DOCUMENTS_S3_PREFIX") or "",
        "MAIL_URL": os.environ.get("MAIL_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM", "TCI portal <notifications@localhost>"),
        "MAIL_DIR": str(instance / "mail"),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://localhost:5000"),
        "WEBHOOKS_ALLOW_LOCAL": os.environ.get("WEBHOOKS_ALLOW_LOCAL", "") == "1",
        # On: the insurer's staff set up two-factor sign-in before any other page.
        "TOTP_REQUIRED_FOR_STAFF": os.environ.get("TOTP_REQUIRED_FOR_STAFF", "") == "1",
        # JSON lines for a log collector in production, plain lines to read in a terminal.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT") or ("json" if production else "text"),
        # The bearer token Prometheus sends to read /metrics; unset, /metrics is off (404).
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
        **overrides,
    }
