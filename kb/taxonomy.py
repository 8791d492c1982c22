"""Topics and platforms: the shared vocabulary of entries, case studies, events and the
directory, with the terms every installation starts with (admins may edit them later)."""

from __future__ import annotations

from sqlalchemy import Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import Model, db
from kb.i18n import current_language


class NamedTerm:
    """A term with a German and an English name; `name` picks the reader's language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_de: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def name(self) -> str:
        return self.name_en if current_language() == "en" else self.name_de


class Topic(NamedTerm, Model):
    __tablename__ = "topics"


class Platform(NamedTerm, Model):
    __tablename__ = "platforms"


TOPICS = (
    ("datenschutz-recht", "Datenschutz & Recht", "Data protection & law"),
    ("strategie", "Strategie", "Strategy"),
    ("personal-organisation", "Personal & Organisation", "Staff & organisation"),
    ("krisenkommunikation", "Krisenkommunikation / Shitstorm", "Crisis communication / shitstorm"),
    ("hate-speech-moderation", "Hate Speech & Moderation", "Hate speech & moderation"),
    ("buergerservice", "Bürgerservice", "Citizen service"),
    ("bild-urheberrecht", "Bild- & Urheberrecht", "Image rights & copyright"),
    ("barrierefreiheit", "Barrierefreiheit", "Accessibility"),
    ("redaktion-formate", "Redaktion & Formate", "Editorial work & formats"),
    ("monitoring-kennzahlen", "Monitoring & Kennzahlen", "Monitoring & metrics"),
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


def all_topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)))


def all_platforms() -> list[Platform]:
    return list(db.session.scalars(select(Platform).order_by(Platform.position, Platform.id)))
