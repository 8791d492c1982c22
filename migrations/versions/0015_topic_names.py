"""taxonomy: topic names without "&" or "/" ("Datenschutz und Recht", glossary)

Renames only the topics that still carry the name the installation started with; a
name an admin has changed since stays as it is.

Revision ID: 0015_topic_names
Revises: 0014_retired_terms
Create Date: 2026-12-04 04:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0015_topic_names"
down_revision = "0014_retired_terms"
branch_labels = None
depends_on = None

# slug: (old German, old English) -> (new German, new English). Written out here, not
# imported, so this migration means the same thing forever.
RENAMES = {
    "datenschutz-recht": (
        ("Datenschutz & Recht", "Data protection & law"),
        ("Datenschutz und Recht", "Data protection and law"),
    ),
    "personal-organisation": (
        ("Personal & Organisation", "Staff & organisation"),
        ("Personal und Organisation", "Staff and organisation"),
    ),
    "krisenkommunikation": (
        ("Krisenkommunikation / Shitstorm", "Crisis communication / shitstorm"),
        ("Krisenkommunikation und Shitstorms", "Crisis communication and shitstorms"),
    ),
    "hate-speech-moderation": (
        ("Hate Speech & Moderation", "Hate speech & moderation"),
        ("Hate Speech und Moderation", "Hate speech and moderation"),
    ),
    "bild-urheberrecht": (
        ("Bild- & Urheberrecht", "Image rights & copyright"),
        ("Bild- und Urheberrecht", "Image rights and copyright"),
    ),
    "redaktion-formate": (
        ("Redaktion & Formate", "Editorial work & formats"),
        ("Redaktion und Formate", "Editorial work and formats"),
    ),
    "monitoring-kennzahlen": (
        ("Monitoring & Kennzahlen", "Monitoring & metrics"),
        ("Monitoring und Kennzahlen", "Monitoring and metrics"),
    ),
}

topics = sa.table("topics", sa.column("slug"), sa.column("name_de"), sa.column("name_en"))


def _rename(old_index: int, new_index: int) -> None:
    for slug, names in RENAMES.items():
        old_de, old_en = names[old_index]
        new_de, new_en = names[new_index]
        # Each language on its own: an admin may have renamed one and not the other.
        op.execute(
            topics.update()
            .where(topics.c.slug == slug, topics.c.name_de == old_de)
            .values(name_de=new_de)
        )
        op.execute(
            topics.update()
            .where(topics.c.slug == slug, topics.c.name_en == old_en)
            .values(name_en=new_en)
        )


def upgrade():
    _rename(0, 1)


def downgrade():
    _rename(1, 0)
