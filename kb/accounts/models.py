from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.extensions import db
from kb.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from kb.authorities.models import Authority


class Role(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


ROLE_RANK = {Role.MEMBER: 0, Role.MODERATOR: 1, Role.ADMIN: 2}


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: addresses are compared case-insensitively everywhere.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The profile URL /users/<name>; derived from the display name once, then stable.
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [r.value for r in e]),
        default=Role.MEMBER,
    )
    authority_text: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(120), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    # The member's authority from the registry (kb.authorities); authority_text stays as
    # the free text for those not (yet) in it. Shown on the authority's page only if
    # the member chose so.
    authority_id: Mapped[int | None] = mapped_column(
        # use_alter: users and authorities refer to each other (proposed_by), so this
        # key is added after both tables exist.
        ForeignKey("authorities.id", ondelete="SET NULL", use_alter=True),
        index=True,
    )
    show_on_authority: Mapped[bool] = mapped_column(default=False)
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    authority: Mapped[Authority | None] = relationship("Authority", foreign_keys=[authority_id])
    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # Set by the login machinery: the raw token of the server-side session this request
    # runs under. Flask-Login stores get_id() in the cookie, so the cookie carries a
    # revocable session token instead of the user's permanent id.
    session_token = None  # str | None; not a column (no Mapped[] annotation)

    def get_id(self) -> str | None:
        return self.session_token

    def has_role(self, role: Role) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def is_moderator(self) -> bool:
        return self.has_role(Role.MODERATOR)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.name}>"


class UserSession(db.Model):
    """A login on one device. Deleting the row ends it, whatever the cookie says."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship(back_populates="sessions")


class LoginThrottle(db.Model):
    """Failed logins per e-mail address, counted whether or not the account exists."""

    __tablename__ = "login_throttles"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class PasswordResetToken(db.Model):
    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
