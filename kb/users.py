"""The people of the community: every feature refers to a `User` as author, organiser,
proposer or reader, so the model and its roles live in the core. Logging in, sessions
and profiles are the accounts feature's."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.directory import Authority
from kb.extensions import Model
from kb.timeutil import UTCDateTime, utcnow


class Role(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


ROLE_RANK = {Role.MEMBER: 0, Role.MODERATOR: 1, Role.ADMIN: 2}


class User(Model):
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
    # The member's authority from the directory; authority_text stays as the free text
    # for those not (yet) in it. Shown on the authority's page only if the member chose so.
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

    authority: Mapped[Authority | None] = relationship(foreign_keys=[authority_id])

    # Set by the login machinery: the raw token of the server-side session this request
    # runs under. Flask-Login stores get_id() in the cookie, so the cookie carries a
    # revocable session token instead of the user's permanent id. Not a column: the
    # annotation is for type checkers only, which SQLAlchemy never sees.
    if TYPE_CHECKING:
        session_token: str | None
    session_token = None

    # What Flask-Login asks of a logged-in user, written out rather than inherited from
    # its UserMixin: that class is untyped (it would make every User attribute Any to
    # mypy), and its == compared get_id(), which made any two users without a session equal.
    @property
    def is_active(self) -> bool:
        return True

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

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
