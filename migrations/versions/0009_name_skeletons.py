"""users: a skeleton of each display name (Unicode TR39), to refuse names that look alike

"Anna Schrnidt", "Аnna Schmidt" with a Cyrillic "а" and "ANNA SCHMIDT" all look like
"Anna Schmidt" to a reader. Each name's skeleton (ICU's SpoofChecker, after NFKC and
case folding) is stored and indexed, so that a new name can be compared with every
other member's at once. Existing rows get theirs here; the computation is written out
rather than imported, so that this migration keeps doing what it did when the app changes.

Revision ID: 0009_name_skeletons
Revises: 0008_search_vectors_inline
Create Date: 2026-12-03 16:00:00

"""
import unicodedata

import icu
import sqlalchemy as sa
from alembic import op


revision = '0009_name_skeletons'
down_revision = '0008_search_vectors_inline'
branch_labels = None
depends_on = None

SKELETON_LENGTH = 320


def _skeleton(checker, display_name):
    folded = ' '.join(unicodedata.normalize('NFKC', display_name).casefold().split())
    return checker.getSkeleton(0, folded)[:SKELETON_LENGTH]


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_skeleton', sa.String(length=SKELETON_LENGTH), nullable=True))

    users = sa.table(
        'users',
        sa.column('id', sa.Integer),
        sa.column('display_name', sa.String),
        sa.column('name_skeleton', sa.String),
    )
    connection = op.get_bind()
    checker = icu.SpoofChecker()
    rows = connection.execute(sa.select(users.c.id, users.c.display_name)).all()
    if rows:
        connection.execute(
            users.update().where(users.c.id == sa.bindparam('user_id')),
            [
                {'user_id': row.id, 'name_skeleton': _skeleton(checker, row.display_name)}
                for row in rows
            ],
        )

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column(
            'name_skeleton', existing_type=sa.String(length=SKELETON_LENGTH), nullable=False
        )
        batch_op.create_index(batch_op.f('ix_users_name_skeleton'), ['name_skeleton'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_name_skeleton'))
        batch_op.drop_column('name_skeleton')
