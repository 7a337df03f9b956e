"""Password hashing (argon2id) and the password rules."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 10
MAX_LENGTH = 256

# A hash of a random password, verified against when the email is unknown, so that a missing
# account costs the same time as a wrong password and the two cannot be told apart.
_DECOY = _hasher.hash("decoy-password-never-issued")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DECOY, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problems(password: str, *, email: str = "") -> list[str]:
    """What is wrong with `password` under the platform's rules (empty when it is fine)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"At least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        problems.append(f"At most {MAX_LENGTH} characters.")
    if len(set(password)) < 4:
        problems.append("Use at least 4 different characters.")
    if is_common(password):
        problems.append("Too common: pick a password that is not on lists of common ones.")
    local_part = email.split("@", 1)[0].lower()
    if local_part and len(local_part) >= 4 and local_part in password.lower():
        problems.append("Must not contain your email address.")
    return problems


_COMMON_LIST = Path(__file__).with_name("common_passwords.txt")
_DECORATION = re.compile(r"^[\W\d_]*(.*?)[\W\d_]*$")


@cache
def _common() -> frozenset[str]:
    lines = _COMMON_LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_common(password: str) -> bool:
    """On the list of common passwords, as it is or once the digits and symbols that people add
    around a common word are taken off ("Password12", "!dragon2024"), in any letter case."""
    common = _common()
    lowered = password.lower()
    if lowered in common:
        return True
    core = _DECORATION.match(lowered)
    word = core.group(1) if core else lowered
    return bool(word) and word in common
