"""Sessions that the server can revoke, and per-account login throttling."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import Flask, current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy import bindparam, case, delete, func, select
from sqlalchemy.orm import defer

from kb.accounts.models import LoginThrottle, UserSession
from kb.database import upsert_insert
from kb.extensions import db, login_manager
from kb.timeutil import utcnow
from kb.users import User


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    # Our sessions are revocable rows; Flask-Login's identifier hashing adds nothing.
    login_manager.session_protection = None
    login_manager.user_loader(load_user)


# Read on every request by a member, so the query leaves out what only a few pages show
# (loaded when asked for): the profile texts, the password hash, the name's skeleton.
USER_ON_EVERY_REQUEST = (
    defer(User.bio),
    defer(User.job_title),
    defer(User.authority_text),
    defer(User.password_hash),
    defer(User.name_skeleton),
)


# Built once: making the statement cost several times what running it costs.
SESSION_USER = (
    select(User, UserSession.expires_at, UserSession.created_at)
    .join(UserSession, UserSession.user_id == User.id)
    .where(UserSession.token_hash == bindparam("digest"))
    .options(*USER_ON_EVERY_REQUEST)
)


def load_user(session_token: str) -> User | None:
    """The member of a session, with the session's validity, in one query."""
    row = db.session.execute(SESSION_USER, {"digest": token_digest(session_token)}).first()
    if row is None:
        return None
    user, expires_at, created_at = row
    if expires_at <= utcnow() or not user.is_active:
        # Expired, or the member is suspended: their sessions end at once.
        return None
    if user.suspended_at is not None and created_at <= user.suspended_at:
        # A login from before a suspension stays ended when the suspension is over.
        return None
    user.session_token = session_token
    return user


def start_session(user: User) -> None:
    token = secrets.token_urlsafe(32)
    lifetime = timedelta(seconds=current_app.config["PERMANENT_SESSION_LIFETIME"])
    if user.id is not None:
        # Tidy up this user's expired logins while we are at it.
        db.session.execute(
            delete(UserSession).where(
                UserSession.user_id == user.id, UserSession.expires_at <= utcnow()
            )
        )
    db.session.add(
        UserSession(
            user=user,
            token_hash=token_digest(token),
            expires_at=utcnow() + lifetime,
            user_agent=(request.user_agent.string or "")[:200],
        )
    )
    db.session.flush()
    user.session_token = token
    # Keep the CSRF secret: a second tab's open form should still save after this login.
    csrf_secret = session.get("csrf_token")
    session.clear()
    if csrf_secret:
        session["csrf_token"] = csrf_secret
    session.permanent = True
    login_user(user)


def end_session() -> None:
    if current_user.is_authenticated and current_user.session_token:
        db.session.execute(
            delete(UserSession).where(
                UserSession.token_hash == token_digest(current_user.session_token)
            )
        )
    logout_user()
    session.clear()


def active_sessions(user: User) -> int:
    """On how many devices (browsers) the member is logged in now."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(UserSession)
            .where(UserSession.user_id == user.id, UserSession.expires_at > utcnow())
        )
        or 0
    )


def end_all_sessions(user: User) -> None:
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


# --- per-account throttling -------------------------------------------------------


def _throttle_key(email: str) -> str:
    return token_digest("login:" + normalise_email(email))


def login_retry_after(email: str, now: datetime | None = None) -> int | None:
    """Seconds until this address may try again, or None if it may try now."""
    now = now or utcnow()
    throttle = db.session.get(LoginThrottle, _throttle_key(email))
    if throttle is None:
        return None
    window_end = throttle.window_started_at + timedelta(minutes=1)
    limit = current_app.config["KB_LOGIN_FAILURES_PER_MINUTE"]
    if throttle.failures >= limit and window_end > now:
        return max(1, int((window_end - now).total_seconds() + 0.999))
    return None


def record_login_failure(email: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    window_start = now - timedelta(minutes=1)
    insert = upsert_insert()
    statement = insert(LoginThrottle).values(
        key_hash=_throttle_key(email), window_started_at=now, failures=1
    )
    # One atomic statement, so concurrent failures cannot lose a count.
    expired = LoginThrottle.window_started_at <= window_start
    statement = statement.on_conflict_do_update(
        index_elements=[LoginThrottle.key_hash],
        set_={
            "failures": case((expired, 1), else_=LoginThrottle.failures + 1),
            "window_started_at": case((expired, now), else_=LoginThrottle.window_started_at),
        },
    )
    db.session.execute(statement)
    db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.window_started_at < now - timedelta(days=1))
    )


def clear_login_failures(email: str) -> None:
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key_hash == _throttle_key(email)))
