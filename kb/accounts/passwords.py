"""Password hashing (argon2id) and the password policy (length, common passwords, strength)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn import zxcvbn
from zxcvbn.matching import RANKED_DICTIONARIES

MIN_LENGTH = 8
MAX_LENGTH = 1024
# zxcvbn refuses more than 72 characters; the first 64 decide the score anyway.
STRENGTH_SAMPLE = 64


@cache
def _hasher_for(parameters: tuple[tuple[str, Any], ...]) -> PasswordHasher:
    # Keyword arguments from the configuration, as they are: PasswordHasher checks them.
    return PasswordHasher(**dict(parameters))


def hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile, above the OWASP
    minimum), unless the configuration names other parameters (only the test
    configuration does, to keep the suite fast)."""
    parameters = current_app.config.get("KB_PASSWORD_HASH_PARAMETERS") or {}
    return _hasher_for(tuple(sorted(parameters.items())))


def hash_password(password: str) -> str:
    return hasher().hash(password)


@cache
def _dummy_hash(with_hasher: PasswordHasher) -> str:
    return with_hasher.hash("amtsnetz-timing-equaliser")


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, spend the same time and fail.

    Running a real argon2 verification for unknown accounts keeps "no such account"
    and "wrong password" indistinguishable by timing.
    """
    current = hasher()
    try:
        return (
            current.verify(password_hash or _dummy_hash(current), password)
            and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


@cache
def _german_common_passwords() -> frozenset[str]:
    text = resources.files("kb").joinpath("data/common-passwords-de.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def is_common(password: str) -> bool:
    lowered = password.lower()
    return lowered in RANKED_DICTIONARIES["passwords"] or lowered in _german_common_passwords()


def strength(password: str, user_inputs: Sequence[str | None] | None = None) -> int:
    """0 (guessed at once) to 4 (very strong), by zxcvbn's estimate."""
    sample = password[:STRENGTH_SAMPLE]
    return int(zxcvbn(sample, user_inputs=[value for value in user_inputs or [] if value])["score"])


def policy_problem(password: str, user_inputs: list[str] | None = None) -> str | None:
    """Return the code of the first rule the password breaks, or None.

    Rules after NIST SP 800-63B: a minimum length, no composition rules, long passphrases
    and paste welcome, but no password from the lists of the most common ones, none that
    is guessed at once, and not the user's own e-mail address or name.
    """
    if len(password) < MIN_LENGTH:
        return "too_short"
    if len(password) > MAX_LENGTH:
        return "too_long"
    if is_common(password):
        return "common"
    lowered = password.lower()
    for value in user_inputs or []:
        if value and lowered in {value.lower(), value.lower().split("@")[0]}:
            return "personal"
    if strength(password, user_inputs) == 0:
        return "guessable"
    return None
