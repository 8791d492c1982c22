"""Account operations shared by the views and the command line."""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy import inspect as sa_inspect

from kb import registry
from kb.accounts import passwords
from kb.accounts.auth import (
    clear_login_failures,
    end_all_sessions,
    login_retry_after,
    normalise_email,
    record_login_failure,
    token_digest,
)
from kb.accounts.models import PasswordResetToken, UserSession
from kb.extensions import db
from kb.slugs import free_slug
from kb.text import slugify
from kb.timeutil import isoformat, utcnow
from kb.users import Role, User


def unique_name(display_name: str) -> str:
    base = slugify(display_name, max_length=50) or "mitglied"
    return free_slug(User.name, base)


def create_user(
    email: str,
    password: str,
    display_name: str,
    role: Role = Role.MEMBER,
    **profile: Any,
) -> User:
    user = User(
        email=normalise_email(email),
        name=unique_name(display_name),
        display_name=display_name,
        password_hash=passwords.hash_password(password),
        role=role,
        **profile,
    )
    db.session.add(user)
    db.session.flush()
    return user


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@dataclass
class LoginResult:
    user: User | None = None
    retry_after: int | None = None


def authenticate(email: str, password: str) -> LoginResult:
    """Check credentials with the same work whether or not the account exists."""
    retry_after = login_retry_after(email)
    if retry_after:
        return LoginResult(retry_after=retry_after)
    user = find_user_by_email(email)
    if not passwords.verify_password(user.password_hash if user else None, password):
        record_login_failure(email)
        return LoginResult()
    assert user is not None
    clear_login_failures(email)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return LoginResult(user=user)


def confirm_password(user: User, password: str) -> LoginResult:
    """The current password, asked again before a change (new password, deleting the
    account): counted with the login's failures for the same address, so a session left
    open cannot be used to guess it at speed. `user` is set when it matched."""
    retry_after = login_retry_after(user.email)
    if retry_after:
        return LoginResult(retry_after=retry_after)
    if not passwords.verify_password(user.password_hash, password):
        record_login_failure(user.email)
        return LoginResult()
    clear_login_failures(user.email)
    return LoginResult(user=user)


def set_password(user: User, password: str) -> None:
    """Store a new password and end every session of the user."""
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    end_all_sessions(user)
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


def create_reset_token(user: User) -> str:
    token = secrets.token_urlsafe(32)
    max_age = timedelta(seconds=current_app.config["KB_PASSWORD_RESET_MAX_AGE"])
    db.session.execute(
        delete(PasswordResetToken).where(
            PasswordResetToken.user_id == user.id, PasswordResetToken.expires_at <= utcnow()
        )
    )
    db.session.add(
        PasswordResetToken(
            user_id=user.id, token_hash=token_digest(token), expires_at=utcnow() + max_age
        )
    )
    return token


def valid_reset_token(token: str) -> PasswordResetToken | None:
    reset = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_digest(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
        return None
    return reset


EXPORT_FORMAT = "amtsnetz-account-export"
# 2: every table that holds a member's rows has its own section (the registry's).
# 3: the account's standing (trusted, suspended, profile hidden); the trust and safety
# sections (reports, decisions, appeals, notifications, audit entries, watched words).
EXPORT_VERSION = 3


class Contributions(enum.StrEnum):
    """What deleting an account does to the member's public posts: the member chooses."""

    # Entries, case studies, events and comments stay, under "deleted account".
    KEEP = "keep"
    # Every post the member alone owns is deleted with the account.
    DELETE = "delete"


def delete_account(user: User, contributions: Contributions = Contributions.KEEP) -> None:
    """Delete the account; each feature's declared rule decides what happens to its rows.

    With `Contributions.DELETE` the member's own posts go first, each through its content
    type (revisions, attendances, counters). What the database cannot do on its own
    (counting likes again, dropping drafts nobody else writes on) runs next; then the
    foreign keys remove or anonymise the rest.
    """
    if contributions == Contributions.DELETE:
        delete_contributions(user)
    for declaration in registry.current().personal_data:
        if declaration.before_delete is not None:
            declaration.before_delete(user)
    db.session.delete(user)


def delete_contributions(user: User) -> int:
    """Delete every post `user` alone owns, of every content type; returns how many."""
    deleted = 0
    for content_type in registry.current():
        if content_type.owned_by is None:
            continue
        records = db.session.scalars(
            select(content_type.model)
            .where(content_type.owned_by(user.id))
            .order_by(content_type.model.id.desc())
        ).all()
        for record in records:
            # Removing one record may have taken another with it (a reply with the
            # comment it answers).
            state = sa_inspect(record)
            if state.deleted or state.was_deleted:
                continue
            content_type.delete(record)
            deleted += 1
        db.session.flush()
    for declaration in registry.current().personal_data:
        if declaration.delete_contributions is not None:
            declaration.delete_contributions(user)
    return deleted


def export_data(user: User) -> dict[str, Any]:
    """Everything stored about the user, for the GDPR export (Art. 15 and 20): the
    account, then one section per declaration of personal data."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": utcnow().isoformat(),
        "account": {
            "email": user.email,
            "name": user.name,
            "display_name": user.display_name,
            "role": user.role.value,
            "authority": user.authority_text,
            "authority_from_directory": user.authority.slug if user.authority else None,
            "show_on_authority": user.show_on_authority,
            "job_title": user.job_title,
            "bio": user.bio,
            "created_at": user.created_at.isoformat(),
            "updated_at": user.updated_at.isoformat(),
            "password_changed_at": user.password_changed_at.isoformat(),
            "trusted_at": isoformat(user.trusted_at),
            "suspended_at": isoformat(user.suspended_at),
            "suspended_until": isoformat(user.suspended_until),
            "profile_moderation": user.moderation.value,
        },
        **{
            declaration.key: declaration.export(user)
            for declaration in registry.current().personal_data
        },
    }


def export_sessions(user: User) -> list[dict[str, Any]]:
    sessions = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.created_at)
    )
    return [
        {
            "created_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat(),
            "user_agent": row.user_agent,
        }
        for row in sessions
    ]


def export_reset_requests(user: User) -> list[dict[str, Any]]:
    """When password resets were asked for (the tokens themselves are stored hashed)."""
    tokens = db.session.scalars(
        select(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id)
        .order_by(PasswordResetToken.created_at)
    )
    return [
        {
            "created_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat(),
            "used_at": row.used_at.isoformat() if row.used_at else None,
        }
        for row in tokens
    ]
