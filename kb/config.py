"""Configuration: defaults here, overrides from the environment when the app is created."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from kb import limits

ENVIRONMENTS = ("production", "development", "testing")
# A production secret key: at least this long, and none of the words people put in
# examples (a signed session is only as strong as its key).
MIN_SECRET_KEY_LENGTH = 32
WEAK_SECRET_KEY_WORDS = ("secret", "changeme", "change-me", "change_me", "example", "default")
# Far below any safe setting: only for KB_ENV=testing.
TEST_PASSWORD_HASH_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


class ConfigError(RuntimeError):
    pass


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def defaults(instance_path: str) -> dict[str, Any]:
    return {
        "KB_ENV": "production",
        "KB_SITE_NAME": "Amtsnetz",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path(instance_path) / "amtsnetz.db"),
        "SQLALCHEMY_ENGINE_OPTIONS": {},
        "SQLITE_BUSY_TIMEOUT_MS": 5000,
        "REDIS_URL": None,
        # Flask-WTF's CSRF token expires after an hour by default: a form left open for
        # hours (a long entry) must still save.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_NAME": "amtsnetz_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": True,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 14,
        # A login ends 14 days after it began (user_sessions.expires_at, kb.accounts.auth),
        # however often the member comes back: re-signing the cookie on every answer would
        # extend nothing, and cost a signature and a Set-Cookie per page. It is written when
        # it changes (login, a notice, a new CSRF secret).
        "SESSION_REFRESH_EACH_REQUEST": False,
        # argon2id parameters; None means argon2-cffi's defaults (above the OWASP minimum).
        "KB_PASSWORD_HASH_PARAMETERS": None,
        # Request bodies (kb.limits says why these numbers): beyond them a 413.
        "MAX_CONTENT_LENGTH": limits.MAX_CONTENT_LENGTH,
        "MAX_FORM_MEMORY_SIZE": limits.MAX_FORM_MEMORY_SIZE,
        "MAX_FORM_PARTS": limits.MAX_FORM_PARTS,
        # The longest a page is kept for readers without a session (kb.cache). Writes
        # replace pages at once; this bounds what changes with the clock alone. 0: off.
        "KB_PAGE_CACHE_SECONDS": 30,
        # Parts of pages that are the same for every reader, kept per worker by content
        # generation (kb.templating, {% shared %}); the longest one is kept, for what
        # changes with the clock alone. KB_SHARED_FRAGMENTS False: always rendered afresh.
        "KB_SHARED_FRAGMENTS": True,
        "KB_SHARED_FRAGMENT_SECONDS": 30,
        # Where the pages' keys live in Redis (with REDIS_URL): sites sharing one Redis
        # need prefixes of their own.
        "KB_PAGE_CACHE_PREFIX": "amtsnetz:pages:",
        # Compiled templates kept on disk (kb.templating); None: on, except in tests.
        "KB_TEMPLATE_BYTECODE_CACHE": None,
        # Where: None is instance/jinja-cache.
        "KB_TEMPLATE_CACHE_DIR": None,
        # Static files under an unhashed name (hashed names are cached for a year).
        "SEND_FILE_MAX_AGE_DEFAULT": 60 * 60,
        # Where the hashed and compressed static files are written (kb.assets); None:
        # build/static beside static/.
        "KB_STATIC_BUILD_DIR": None,
        # Pages (text/html) compressed for browsers that accept it (Flask-Compress), per
        # request: a census page is 65 KB, 8 KB with brotli. Off when a proxy does it.
        # Static files are compressed once, at start (kb.assets).
        "KB_COMPRESS_PAGES": True,
        "COMPRESS_MIMETYPES": ["text/html"],
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_BR_LEVEL": 4,
        "COMPRESS_LEVEL": 6,
        # Streamed answers (exports) go out as they are.
        "COMPRESS_STREAMS": False,
        "BABEL_DEFAULT_LOCALE": "de",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Berlin",
        "KB_LOCALES": ("de", "en"),
        "KB_LANGUAGE_COOKIE": "amtsnetz_lang",
        # Rate limits (Flask-Limiter syntax) per client address; per-account limits live in the DB.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # If Redis goes away, count in memory per worker instead of failing requests.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "KB_LOGIN_IP_LIMIT": "30 per minute",
        "KB_REGISTER_IP_LIMIT": "10 per hour",
        "KB_FORGOT_IP_LIMIT": "10 per hour",
        # Reset mails per target address, whoever asks and whether or not it has an
        # account: nobody can flood a mailbox, and the answer is the same for every address.
        "KB_FORGOT_ADDRESS_LIMIT": "3 per hour",
        "KB_VALIDATE_IP_LIMIT": "60 per minute",
        # Comments per account (per address for anonymous requests).
        "KB_COMMENT_LIMIT": "10 per minute",
        # New events per account: together with holding a member's first event for review,
        # this keeps an open directory free of spam.
        "KB_EVENT_LIMIT": "20 per day",
        # New posts per account, entries, case studies, events and comments together.
        "KB_POST_LIMIT": "20 per hour",
        # Reports per account (only those stored count).
        "KB_REPORT_LIMIT": "10 per hour",
        # Per account (e-mail address), whether the account exists or not.
        "KB_LOGIN_FAILURES_PER_MINUTE": 5,
        "KB_PASSWORD_RESET_MAX_AGE": 60 * 60,
        "KB_TRUSTED_PROXIES": 0,
        # The site's public address, e.g. https://amtsnetz.example (kb.addresses):
        # required in production; every absolute link is built from it.
        "KB_BASE_URL": None,
        # Hosts besides KB_BASE_URL's that production answers (e.g. the address a load
        # balancer's health check uses); any other Host gets 400.
        "KB_TRUSTED_HOSTS": (),
        "MAIL_SERVER": None,
        "MAIL_PORT": 587,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_USE_TLS": True,
        "MAIL_USE_SSL": False,
        "MAIL_DEFAULT_SENDER": "Amtsnetz <noreply@localhost>",
        # Legal pages: every public body publishes an Impressum, a privacy notice and an
        # accessibility statement. Operators fill these in through the environment.
        "KB_IMPRINT_NAME": "Amtsnetz – Community für Social Media in Behörden",
        "KB_IMPRINT_ADDRESS": "",
        "KB_IMPRINT_EMAIL": "",
        "KB_IMPRINT_PHONE": "",
        "KB_IMPRINT_REPRESENTATIVE": "",
        "KB_IMPRINT_CONTENT_RESPONSIBLE": "",
        "KB_PRIVACY_CONTACT": "",
        "KB_ACCESSIBILITY_CONTACT": "",
        "KB_ACCESSIBILITY_STATEMENT_DATE": "2026-11-25",
    }


ENV_STRINGS = (
    "KB_SITE_NAME",
    "KB_PAGE_CACHE_PREFIX",
    "KB_STATIC_BUILD_DIR",
    "KB_BASE_URL",
    "MAIL_SERVER",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "KB_IMPRINT_NAME",
    "KB_IMPRINT_ADDRESS",
    "KB_IMPRINT_EMAIL",
    "KB_IMPRINT_PHONE",
    "KB_IMPRINT_REPRESENTATIVE",
    "KB_IMPRINT_CONTENT_RESPONSIBLE",
    "KB_PRIVACY_CONTACT",
    "KB_ACCESSIBILITY_CONTACT",
    "KB_ACCESSIBILITY_STATEMENT_DATE",
    "KB_LOGIN_IP_LIMIT",
    "KB_REGISTER_IP_LIMIT",
    "KB_FORGOT_IP_LIMIT",
    "KB_FORGOT_ADDRESS_LIMIT",
    "KB_COMMENT_LIMIT",
    "KB_EVENT_LIMIT",
    "KB_POST_LIMIT",
    "KB_REPORT_LIMIT",
)


def from_environment(environ: os._Environ[str] | dict[str, str]) -> dict[str, Any]:
    config: dict[str, Any] = {}
    env = environ.get("KB_ENV")
    if env:
        if env not in ENVIRONMENTS:
            raise ConfigError(f"KB_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
        config["KB_ENV"] = env
    if environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(environ["DATABASE_URL"])
    if environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = environ["SECRET_KEY"]
    if environ.get("REDIS_URL"):
        config["REDIS_URL"] = environ["REDIS_URL"]
        config["RATELIMIT_STORAGE_URI"] = environ["REDIS_URL"]
    if "RATELIMIT_ENABLED" in environ:
        config["RATELIMIT_ENABLED"] = _flag(environ["RATELIMIT_ENABLED"], True)
    for name in ("KB_COMPRESS_PAGES", "KB_SHARED_FRAGMENTS"):
        if name in environ:
            config[name] = _flag(environ[name], True)
    if environ.get("MAIL_PORT"):
        config["MAIL_PORT"] = int(environ["MAIL_PORT"])
    for name in ("MAIL_USE_TLS", "MAIL_USE_SSL"):
        if name in environ:
            config[name] = _flag(environ[name], False)
    for name in ("KB_TRUSTED_PROXIES", "KB_PAGE_CACHE_SECONDS", "KB_SHARED_FRAGMENT_SECONDS"):
        if environ.get(name):
            config[name] = int(environ[name])
    for name in ENV_STRINGS:
        if environ.get(name):
            config[name] = environ[name]
    if environ.get("KB_TRUSTED_HOSTS"):
        config["KB_TRUSTED_HOSTS"] = tuple(environ["KB_TRUSTED_HOSTS"].split(","))
    return config


def normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def finalise(config: dict[str, Any], instance_path: str) -> None:
    """Derive settings that depend on the environment and enforce the secret key rule."""
    env = config["KB_ENV"]
    if env in ("development", "testing"):
        config["SESSION_COOKIE_SECURE"] = False
    if env == "testing" and config.get("KB_PASSWORD_HASH_PARAMETERS") is None:
        # Tests log in thousands of times; a real hash costs about 0.1 s each.
        config["KB_PASSWORD_HASH_PARAMETERS"] = TEST_PASSWORD_HASH_PARAMETERS
    if config.get("KB_TEMPLATE_BYTECODE_CACHE") is None:
        # Tests make hundreds of apps with their own temporary instance folders.
        config["KB_TEMPLATE_BYTECODE_CACHE"] = env != "testing"
    if not config.get("SECRET_KEY"):
        key_file = Path(instance_path) / "secret_key"
        if key_file.exists():
            config["SECRET_KEY"] = key_file.read_text().strip()
        elif env in ("development", "testing"):
            config["SECRET_KEY"] = secrets.token_hex(32)
        else:
            raise ConfigError(
                "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
                "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
            )
    if env == "production":
        check_secret_key(str(config["SECRET_KEY"]))


def check_secret_key(key: str) -> None:
    """Refuse a production key that is short, an example's or one repeated character."""
    lowered = key.lower()
    if (
        len(key) < MIN_SECRET_KEY_LENGTH
        or len(set(key)) < 8
        or any(word in lowered for word in WEAK_SECRET_KEY_WORDS)
    ):
        raise ConfigError(
            f"SECRET_KEY is too weak for production: use at least {MIN_SECRET_KEY_LENGTH}"
            " random characters (python -c 'import secrets; print(secrets.token_hex(32))')."
        )


def write_secret_key(instance_path: str) -> Path:
    """Create instance/secret_key once (used by `make run`); never overwrite it."""
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32) + "\n")
        key_file.chmod(0o600)
    return key_file
