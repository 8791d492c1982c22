"""taxonomy: topics and platforms can be retired (kept on content, not offered for new)

Revision ID: 0014_retired_terms
Revises: 0013_trust_and_safety
Create Date: 2026-12-03 20:00:00

"""

from alembic import op
import sqlalchemy as sa


revision = "0014_retired_terms"
down_revision = "0013_trust_and_safety"
branch_labels = None
depends_on = None

TABLES = ("topics", "platforms")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired_at")
