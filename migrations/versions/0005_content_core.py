"""content core: entries and case studies share one publishing state

Case studies stored their state in a column of 24 characters, entries in one of 16;
both now use kb.content.models.PublishState ("draft", "published"). Existing values
fit, so nothing but the column's size changes (SQLite rebuilds the table in batch mode).

Revision ID: 0005_content_core
Revises: 0004_registry_cases
Create Date: 2026-12-03 07:07:52.889432

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_content_core'
down_revision = '0004_registry_cases'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_studies', schema=None) as batch_op:
        batch_op.alter_column(
            'status',
            existing_type=sa.VARCHAR(length=24),
            type_=sa.String(length=16),
            existing_nullable=False,
        )


def downgrade():
    with op.batch_alter_table('case_studies', schema=None) as batch_op:
        batch_op.alter_column(
            'status',
            existing_type=sa.String(length=16),
            type_=sa.VARCHAR(length=24),
            existing_nullable=False,
        )
