"""article_coauthors: a co-author is invited and shown only after accepting

Naming a member as co-author made them appear as the author of a text they may never
have seen. Now the name is an invitation (invited_at) until the member accepts
(accepted_at); only accepted co-authors are shown and may edit. Those named before this
revision count as accepted, at the time their entry was created.

Revision ID: 0010_coauthor_acceptance
Revises: 0009_name_skeletons
Create Date: 2026-12-03 16:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = '0010_coauthor_acceptance'
down_revision = '0009_name_skeletons'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('article_coauthors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True))

    coauthors = sa.table(
        'article_coauthors',
        sa.column('article_id', sa.Integer),
        sa.column('invited_at', sa.DateTime(timezone=True)),
        sa.column('accepted_at', sa.DateTime(timezone=True)),
    )
    articles = sa.table(
        'articles', sa.column('id', sa.Integer), sa.column('created_at', sa.DateTime(timezone=True))
    )
    created = (
        sa.select(articles.c.created_at)
        .where(articles.c.id == coauthors.c.article_id)
        .scalar_subquery()
    )
    op.execute(coauthors.update().values(invited_at=created, accepted_at=created))

    with op.batch_alter_table('article_coauthors', schema=None) as batch_op:
        batch_op.alter_column(
            'invited_at', existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade():
    # Invitations nobody accepted were never co-authorships: they go, the rest stay.
    op.execute('DELETE FROM article_coauthors WHERE accepted_at IS NULL')
    with op.batch_alter_table('article_coauthors', schema=None) as batch_op:
        batch_op.drop_column('accepted_at')
        batch_op.drop_column('invited_at')
