"""The directory of authorities (Behördenverzeichnis) and their social-media accounts.

Several features refer to an authority: a member's profile names where they work, a
case study is an authority's project, the census counts them. So the records and the
look-ups everyone needs live in the core; proposing, reviewing, importing and the
census are the authorities feature's. Ended accounts stay, with their end date, so the
census can show history.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Select, String, func, or_, select
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from kb.extensions import Model, db
from kb.regions import land_name
from kb.taxonomy import Platform
from kb.timeutil import UTCDateTime, utcnow

SUGGESTIONS = 10


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


class Kind(enum.StrEnum):
    FEDERAL_MINISTRY = "bundesministerium"
    FEDERAL_AGENCY = "bundesbehoerde"
    STATE_MINISTRY = "landesministerium"
    STATE_AGENCY = "landesbehoerde"
    MUNICIPALITY = "kommune"  # Stadt / Gemeinde
    DISTRICT = "landkreis"
    POLICE = "polizei"
    PUBLIC_COMPANY = "unternehmen"  # Stadtwerke, Verkehrsbetriebe, …
    OTHER = "sonstige"


class Level(enum.StrEnum):
    FEDERAL = "bund"
    STATE = "land"
    LOCAL = "kommune"
    OTHER = "sonstige"


LEVEL_LABELS: dict[str, LazyString] = {
    Level.FEDERAL: _l("Federal"),
    Level.STATE: _l("Länder"),
    Level.LOCAL: _l("Local"),
    Level.OTHER: _l("Other"),
}


class Review(enum.StrEnum):
    APPROVED = "approved"
    PROPOSED = "proposed"  # waits for a moderator; does not count


# Column lengths the lookups below rely on.
SLUG_MAX = 100
NAME_MAX = 200


class Authority(Model):
    __tablename__ = "authorities"
    __table_args__ = (
        # The census counts per level, Land and kind; the list filters by the same.
        Index("ix_authorities_review_level_land_kind", "review", "level", "land", "kind"),
        Index("ix_authorities_name", "name", "id"),
        # The list readers see: approved authorities by name, a page at a time.
        Index("ix_authorities_review_name", "review", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(SLUG_MAX), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    short_name: Mapped[str] = mapped_column(String(40), default="")
    kind: Mapped[Kind] = mapped_column(_enum(Kind))
    level: Mapped[Level] = mapped_column(_enum(Level))
    # ISO 3166-2:DE code without "DE-" (kb.regions); empty for federal bodies.
    land: Mapped[str] = mapped_column(String(2), default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("authorities.id", ondelete="SET NULL"), index=True
    )
    # Amtlicher Gemeindeschlüssel: 8 digits, the first two name the Land.
    ags: Mapped[str | None] = mapped_column(String(8), unique=True)
    website: Mapped[str] = mapped_column(String(300), default="")
    review: Mapped[Review] = mapped_column(_enum(Review), default=Review.APPROVED)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Where the information comes from and how current it is (shown, and exported).
    source: Mapped[str] = mapped_column(String(300), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped[Authority | None] = relationship(remote_side=[id])
    accounts: Mapped[list[SocialAccount]] = relationship(
        back_populates="authority",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SocialAccount.since",
    )

    @property
    def land_name(self) -> str:
        return land_name(self.land)

    @property
    def is_approved(self) -> bool:
        return self.review == Review.APPROVED


class SocialAccount(Model):
    __tablename__ = "social_accounts"
    __table_args__ = (
        Index("ix_social_accounts_authority", "authority_id", "platform_id"),
        Index("ix_social_accounts_platform_review", "platform_id", "review", "authority_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    authority_id: Mapped[int] = mapped_column(ForeignKey("authorities.id", ondelete="CASCADE"))
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="RESTRICT"))
    handle: Mapped[str] = mapped_column(String(120), default="")
    url: Mapped[str] = mapped_column(String(500))
    since: Mapped[date | None] = mapped_column(Date)
    # Ended accounts stay in the directory; the census counts them until this day.
    until: Mapped[date | None] = mapped_column(Date)
    last_checked: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    review: Mapped[Review] = mapped_column(_enum(Review), default=Review.APPROVED)
    proposed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    authority: Mapped[Authority] = relationship(back_populates="accounts")
    platform: Mapped[Platform] = relationship()

    def is_active(self, on: date) -> bool:
        started = self.since is None or self.since <= on
        return started and (self.until is None or self.until > on)


# --- look-ups every feature may use ------------------------------------------------------


def approved_authorities() -> Select[Authority]:
    return select(Authority).where(Authority.review == Review.APPROVED)


# The longest text that names an authority, "Name (slug)": anything longer names none.
LONGEST_REFERENCE = NAME_MAX + len(" ()") + SLUG_MAX


def find_authority(text: str) -> tuple[Authority | None, bool]:
    """The approved authority named by its exact name, short name, slug or
    "Name (slug)" as the suggestions write it.

    Returns (authority, False), (None, True) if the name is not unique, or (None, False).
    """
    text = text.strip()
    if not text or len(text) > LONGEST_REFERENCE:
        return None, False
    slug = text.rsplit("(", 1)[-1].rstrip(")").strip() if text.endswith(")") else text
    by_slug = db.session.scalar(approved_authorities().where(Authority.slug == slug))
    if by_slug is not None:
        return by_slug, False
    lowered = text.lower()
    matches = list(
        db.session.scalars(
            approved_authorities()
            .where(
                or_(
                    Authority.name == text,
                    Authority.short_name == text,
                    func.lower(Authority.name) == lowered,
                    func.lower(Authority.short_name) == lowered,
                )
            )
            .limit(10)
        )
    )
    # SQLite's lower() folds ASCII only; compare once more in Python, Unicode-aware.
    exact = [a for a in matches if lowered in (a.name.lower(), a.short_name.lower())]
    by_name = [a for a in exact if a.name.lower() == lowered] or exact
    if len(by_name) == 1:
        return by_name[0], False
    return None, len(by_name) > 1


def suggest_authorities(text: str, limit: int = SUGGESTIONS) -> list[Authority]:
    """Approved authorities whose name, short name or slug contains the text, by name."""
    text = " ".join(text.split())
    # No name contains a longer text; and SQLite refuses a LIKE pattern of 50,000
    # characters with an error (a form re-rendered with 100 kB typed in it).
    if not 2 <= len(text) <= NAME_MAX:
        return []
    return list(
        db.session.scalars(
            approved_authorities()
            .where(
                or_(
                    Authority.name.icontains(text, autoescape=True),
                    Authority.short_name.icontains(text, autoescape=True),
                    Authority.slug.icontains(text, autoescape=True),
                )
            )
            .order_by(Authority.name, Authority.id)
            .limit(limit)
        )
    )


def approved_accounts(authority_id: int) -> list[SocialAccount]:
    """An authority's approved accounts (active and ended), with their platforms."""
    return list(
        db.session.scalars(
            select(SocialAccount)
            .where(
                SocialAccount.authority_id == authority_id,
                SocialAccount.review == Review.APPROVED,
            )
            .options(joinedload(SocialAccount.platform))
            .order_by(SocialAccount.platform_id, SocialAccount.id)
        )
    )
