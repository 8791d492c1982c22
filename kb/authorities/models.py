"""The registry of authorities (Behördenverzeichnis) and their social-media accounts.

Members propose authorities and accounts; a moderator approves them before they count in
the census. Ended accounts stay, with their end date, so the census can show history.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Enum, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.accounts.models import User
from kb.extensions import db
from kb.regions import land_name
from kb.taxonomy.models import Platform
from kb.timeutil import UTCDateTime, utcnow


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


class Review(enum.StrEnum):
    APPROVED = "approved"
    PROPOSED = "proposed"  # waits for a moderator; does not count


class Authority(db.Model):
    __tablename__ = "authorities"
    __table_args__ = (
        # The census counts per level, Land and kind; the list filters by the same.
        Index("ix_authorities_review_level_land_kind", "review", "level", "land", "kind"),
        Index("ix_authorities_name", "name", "id"),
        # The list readers see: approved authorities by name, a page at a time.
        Index("ix_authorities_review_name", "review", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
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
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
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


class SocialAccount(db.Model):
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
    # Ended accounts stay in the registry; the census counts them until this day.
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
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])

    def is_active(self, on: date) -> bool:
        started = self.since is None or self.since <= on
        return started and (self.until is None or self.until > on)


class RegistryVersion(db.Model):
    """One row, raised with every change that can move a census figure.

    The census is computed once per version and worker, so its page costs the same
    with 1,000 or 10,000 authorities once computed.
    """

    __tablename__ = "registry_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
