"""Case studies (Fallstudien): an authority's real project, structured to be compared.

The fields follow what the OECD OPSI case library stores, plus the social-media
specifics (team size, where the team sits, budget range, legal groundwork).
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kb.content.models import Publishable, RevisionRecord
from kb.content.revisions import History
from kb.directory import Authority, SocialAccount
from kb.extensions import Model, db
from kb.taxonomy import Platform, Topic


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


class TeamUnit(enum.StrEnum):
    """Where the social-media team sits in the organisation."""

    PRESS_OFFICE = "press_office"  # Pressestelle
    STAFF_UNIT = "staff_unit"  # Stabsstelle bei der Leitung
    COMMUNICATION = "communication"  # Referat / Abteilung Kommunikation
    SPECIALIST_UNIT = "specialist_unit"  # Fachabteilung
    IT = "it"
    CITIZEN_SERVICE = "citizen_service"  # Bürgerservice / Kundenservice
    EXTERNAL = "external"  # Agentur
    OTHER = "other"


class Budget(enum.StrEnum):
    NONE = "none"  # no budget of its own
    UNDER_10K = "under_10k"
    FROM_10K = "10k_50k"
    FROM_50K = "50k_250k"
    OVER_250K = "over_250k"
    UNKNOWN = "unknown"


# The long texts of a case, in the order the form and the page show them. Each is
# Markdown, rendered and sanitised once on save into <name>_html.
TEXT_SECTIONS = (
    "goals",
    "approach",
    "results",
    "challenges",
    "success_conditions",
    "lessons",
    "legal_notes",
)

case_topics = Table(
    "case_topics",
    db.metadata,
    Column("case_id", ForeignKey("case_studies.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
)

case_platforms = Table(
    "case_platforms",
    db.metadata,
    Column("case_id", ForeignKey("case_studies.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "platform_id", ForeignKey("platforms.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)

case_accounts = Table(
    "case_accounts",
    db.metadata,
    Column("case_id", ForeignKey("case_studies.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "account_id",
        ForeignKey("social_accounts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class CaseText:
    """The texts a case study shares with its revisions."""

    title: Mapped[str] = mapped_column(String(160))
    summary: Mapped[str] = mapped_column(String(600), default="")
    goals: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    challenges: Mapped[str] = mapped_column(Text, default="")
    success_conditions: Mapped[str] = mapped_column(Text, default="")
    lessons: Mapped[str] = mapped_column(Text, default="")
    legal_notes: Mapped[str] = mapped_column(Text, default="")


class CaseStudy(CaseText, Publishable, Model):
    __tablename__ = "case_studies"
    __table_args__ = (
        Index("ix_case_studies_status_published", "status", "published_at", "id"),
        Index("ix_case_studies_status_year", "status", "start_year", "id"),
        Index("ix_case_studies_moderation", "moderation"),  # the moderation queue
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authorities.id", ondelete="SET NULL"), index=True
    )
    start_year: Mapped[int | None] = mapped_column(SmallInteger)
    end_year: Mapped[int | None] = mapped_column(SmallInteger)  # None: still running
    team_fte: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    team_unit: Mapped[TeamUnit | None] = mapped_column(_enum(TeamUnit))
    team_note: Mapped[str] = mapped_column(String(300), default="")
    budget: Mapped[Budget] = mapped_column(_enum(Budget), default=Budget.UNKNOWN)
    results_measured_on: Mapped[date | None] = mapped_column(Date)
    # Legal groundwork: None means not stated.
    dpia_done: Mapped[bool | None] = mapped_column(Boolean)
    joint_controller_agreement: Mapped[bool | None] = mapped_column(Boolean)
    netiquette: Mapped[bool | None] = mapped_column(Boolean)
    imprint: Mapped[bool | None] = mapped_column(Boolean)
    last_verified: Mapped[date | None] = mapped_column(Date)
    licence: Mapped[str] = mapped_column(String(40), default="CC BY 4.0")
    # An optional contact, shown only when the person agreed to it.
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_consent: Mapped[bool] = mapped_column(Boolean, default=False)

    goals_html: Mapped[str] = mapped_column(Text, default="")
    approach_html: Mapped[str] = mapped_column(Text, default="")
    results_html: Mapped[str] = mapped_column(Text, default="")
    challenges_html: Mapped[str] = mapped_column(Text, default="")
    success_conditions_html: Mapped[str] = mapped_column(Text, default="")
    lessons_html: Mapped[str] = mapped_column(Text, default="")
    legal_notes_html: Mapped[str] = mapped_column(Text, default="")

    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    like_count: Mapped[int] = mapped_column(Integer, default=0)
    comment_count: Mapped[int] = mapped_column(Integer, default=0)

    authority: Mapped[Authority | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=case_topics, order_by=Topic.position)
    platforms: Mapped[list[Platform]] = relationship(
        secondary=case_platforms, order_by=Platform.position
    )
    accounts: Mapped[list[SocialAccount]] = relationship(secondary=case_accounts)
    revisions: Mapped[list[CaseRevision]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CaseRevision.number",
    )


class CaseRevision(CaseText, RevisionRecord, Model):
    """The texts of a published case study as they were after one save."""

    __tablename__ = "case_revisions"
    __table_args__ = (Index("ix_case_revisions_case_number", "case_id", "number", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_studies.id", ondelete="CASCADE"))

    case: Mapped[CaseStudy] = relationship(back_populates="revisions")


# The texts a revision keeps, in the order a comparison shows them.
REVISION_FIELDS = ("title", "summary", *TEXT_SECTIONS)
HISTORY = History(CaseRevision, "case_id", REVISION_FIELDS)
