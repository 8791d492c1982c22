"""events: the start an event had before it was moved (schema.org previousStartDate)

Search engines and calendars tell a rescheduled event from a new one by its previous
start; nothing kept it. Events moved before this migration have none.

Revision ID: 0011_event_previous_start
Revises: 0010_coauthor_acceptance
Create Date: 2026-12-03 16:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_event_previous_start'
down_revision = '0010_coauthor_acceptance'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('previous_starts_at')
