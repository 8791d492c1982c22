"""content generation: one counter raised by every write readers can see; events by end

Cached pages and the feeds' validators are valid for one generation (kb.generation).
The events' end gets an index: the feeds change when an event ends, without any write,
and their validators ask when that last happened.

Revision ID: 0012_content_generation
Revises: 0011_event_previous_start
Create Date: 2026-12-03 17:00:00

"""

from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = "0012_content_generation"
down_revision = "0011_event_previous_start"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "content_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "generation": 1, "changed_at": datetime.now(timezone.utc)}])
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_ends", ["ends_at"], unique=False)


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_ends")
    op.drop_table("content_generation")
