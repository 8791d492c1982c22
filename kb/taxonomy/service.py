"""The topics and platforms every installation starts with (admins may edit them later)."""

from __future__ import annotations

from sqlalchemy import select

from kb.extensions import db
from kb.taxonomy.models import Platform, Topic

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
