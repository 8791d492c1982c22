"""The people of the community: every feature refers to a `User` as author, organiser,
proposer or reader, so the model and its roles live in the core. Logging in, sessions
and profiles are the accounts feature's."""

from __future__ import annotations

import enum
import unicodedata
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import icu
from sqlalchemy import Enum, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from kb.directory import Authority
from kb.extensions import Model, db
from kb.standing import Standing, standing_type
from kb.timeutil import UTCDateTime, utcnow


class Role(enum.StrEnum):
    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


ROLE_RANK = {Role.MEMBER: 0, Role.MODERATOR: 1, Role.ADMIN: 2}

# A skeleton is longer than its name when one character stands for several ("m" is "rn").
SKELETON_LENGTH = 320


@cache
def _spoof_checker() -> Any:
    return icu.SpoofChecker()


def name_skeleton(display_name: str) -> str:
    """What a name looks like, after Unicode TR39: names that a reader could take for one
    another ("Anna Schmidt", "Anna Schrnidt", with a Cyrillic "а", "ANNA SCHMIDT") have the
    same skeleton. Compatibility forms and case are folded first, then runs of spaces."""
    folded = " ".join(unicodedata.normalize("NFKC", display_name).casefold().split())
    skeleton: str = _spoof_checker().getSkeleton(0, folded)
    return skeleton[:SKELETON_LENGTH]


def name_is_confusable(display_name: str, except_user_id: int | None = None) -> bool:
    """Whether another member's name looks like `display_name` (their own does not count)."""
    query = select(User.id).where(User.name_skeleton == name_skeleton(display_name))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query.limit(1)) is not None


class User(Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased: addresses are compared case-insensitively everywhere.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The profile URL /users/<name>; derived from the display name once, then stable.
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    # name_skeleton(display_name), kept up to date on every change of the name: a new
    # name that looks like another member's is refused (see name_is_confusable).
    name_skeleton: Mapped[str] = mapped_column(String(SKELETON_LENGTH), default="", index=True)
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
    # Until a moderator has approved one of their posts, a member's posts wait for review
    # (kb.screening); moderators and admins are trusted by their role.
    trusted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Suspended by a moderator: no login, sessions ended. Until suspended_until, or for
    # good when that is empty.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The profile's standing: a moderator may hide a profile (its texts, not the name on
    # the member's posts).
    moderation: Mapped[Standing] = mapped_column(standing_type(), default=Standing.VISIBLE)

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
        """Suspended members are not: they cannot log in, their sessions end."""
        return not self.is_suspended

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    @validates("display_name")
    def _keep_skeleton(self, _key: str, display_name: str) -> str:
        self.name_skeleton = name_skeleton(display_name)
        return display_name

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

    @property
    def is_suspended(self) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or self.suspended_until > utcnow()

    @property
    def is_trusted(self) -> bool:
        """Whether this member's posts appear without review."""
        return self.is_moderator or self.trusted_at is not None

    def __repr__(self) -> str:
        return f"<User {self.name}>"
