"""Topics and platforms: the shared vocabulary of entries, case studies, events and the
directory, with the terms every installation starts with (admins may edit them later)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import Model, db
from kb.i18n import current_language
from kb.timeutil import UTCDateTime


class NamedTerm:
    """A term with a German and an English name; `name` picks the reader's language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_de: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Retired by an admin: stays on the content that has it, is no longer offered for
    # new content (offered_topics, offered_platforms).
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def name(self) -> str:
        return self.name_en if current_language() == "en" else self.name_de

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Topic(NamedTerm, Model):
    __tablename__ = "topics"


class Platform(NamedTerm, Model):
    __tablename__ = "platforms"


TOPICS = (
    ("datenschutz-recht", "Datenschutz und Recht", "Data protection and law"),
    ("strategie", "Strategie", "Strategy"),
    ("personal-organisation", "Personal und Organisation", "Staff and organisation"),
    (
        "krisenkommunikation",
        "Krisenkommunikation und Shitstorms",
        "Crisis communication and shitstorms",
    ),
    ("hate-speech-moderation", "Hate Speech und Moderation", "Hate speech and moderation"),
    ("buergerservice", "Bürgerservice", "Citizen service"),
    ("bild-urheberrecht", "Bild- und Urheberrecht", "Image rights and copyright"),
    ("barrierefreiheit", "Barrierefreiheit", "Accessibility"),
    ("redaktion-formate", "Redaktion und Formate", "Editorial work and formats"),
    ("monitoring-kennzahlen", "Monitoring und Kennzahlen", "Monitoring and metrics"),
)

PLATFORMS = (
    ("facebook", "Facebook", "Facebook"),
    ("instagram", "Instagram", "Instagram"),
    ("x-twitter", "X/Twitter", "X/Twitter"),
    ("mastodon", "Mastodon", "Mastodon"),
    ("bluesky", "Bluesky", "Bluesky"),
    ("youtube", "YouTube", "YouTube"),
    ("linkedin", "LinkedIn", "LinkedIn"),
    ("xing", "XING", "XING"),
    ("whatsapp", "WhatsApp", "WhatsApp"),
    ("tiktok", "TikTok", "TikTok"),
    ("threads", "Threads", "Threads"),
)


def seed_taxonomy() -> int:
    """Create missing topics and platforms; existing ones (maybe renamed) stay as they are."""
    created = 0
    for model, terms in ((Topic, TOPICS), (Platform, PLATFORMS)):
        existing = set(db.session.scalars(select(model.slug)))
        for position, (slug, name_de, name_en) in enumerate(terms):
            if slug not in existing:
                db.session.add(
                    model(slug=slug, name_de=name_de, name_en=name_en, position=position)
                )
                created += 1
    db.session.flush()
    return created


Term = TypeVar("Term", Topic, Platform)


def all_topics() -> list[Topic]:
    """Every topic, retired ones too: for filters and pages of existing content."""
    return list(db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)))


def all_platforms() -> list[Platform]:
    """Every platform, retired ones too: for filters and pages of existing content."""
    return list(db.session.scalars(select(Platform).order_by(Platform.position, Platform.id)))


def _offered(model: type[Term], kept: Iterable[Term]) -> list[Term]:
    kept_ids = {term.id for term in kept}
    query = select(model).order_by(model.position, model.id)
    if kept_ids:
        query = query.where((model.retired_at.is_(None)) | (model.id.in_(kept_ids)))
    else:
        query = query.where(model.retired_at.is_(None))
    return list(db.session.scalars(query))


def offered_topics(kept: Iterable[Topic] = ()) -> list[Topic]:
    """The topics a form offers: the active ones, and the retired ones among `kept` (the
    record's own, which stay on it when it is saved again)."""
    return _offered(Topic, kept)


def offered_platforms(kept: Iterable[Platform] = ()) -> list[Platform]:
    """The platforms a form offers: the active ones and the retired ones among `kept`."""
    return _offered(Platform, kept)
