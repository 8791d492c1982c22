"""trust and safety: standing of posts and profiles, trusted and suspended members,
reports, decisions, appeals, watched words, notifications, audit log

Comments' hidden_at/hidden_by_id become their standing (who hid them and why is in the
audit log from now on). Members who already have a visible post count as trusted; a
member's held first events stay held.

Revision ID: 0013_trust_and_safety
Revises: 0012_content_generation
Create Date: 2026-12-03 19:30:00

"""

from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = "0013_trust_and_safety"
down_revision = "0012_content_generation"
branch_labels = None
depends_on = None


def standing():
    return sa.Enum(
        "visible",
        "held",
        "hidden",
        name="standing",
        native_enum=False,
        length=16,
        create_constraint=False,
    )


def choice(*values, name):
    return sa.Enum(*values, name=name, native_enum=False, length=20, create_constraint=False)


REASONS = ("spam", "hate", "insult", "misinformation", "personal_data", "illegal", "other")
ACTIONS = (
    "approve",
    "dismiss",
    "hide",
    "restore",
    "delete",
    "reject",
    "warn",
    "suspend",
    "unsuspend",
)


def upgrade():
    for table in ("articles", "case_studies"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("moderation", standing(), nullable=False, server_default="visible")
            )
            batch_op.create_index(f"ix_{table}_moderation", ["moderation"])
    with op.batch_alter_table("events") as batch_op:
        batch_op.create_index("ix_events_review", ["review"])

    with op.batch_alter_table("comments") as batch_op:
        batch_op.add_column(
            sa.Column("moderation", standing(), nullable=False, server_default="visible")
        )
    op.execute("UPDATE comments SET moderation = 'hidden' WHERE hidden_at IS NOT NULL")
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_column("hidden_by_id")
        batch_op.drop_column("hidden_at")
        batch_op.create_index("ix_comments_moderation", ["moderation"])

    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("trusted_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("suspended_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("suspended_until", sa.DateTime(timezone=True)))
        batch_op.add_column(
            sa.Column("moderation", standing(), nullable=False, server_default="visible")
        )
    now = datetime.now(timezone.utc)
    op.get_bind().execute(
        sa.text(
            "UPDATE users SET trusted_at = :now WHERE role IN ('moderator', 'admin')"
            " OR EXISTS (SELECT 1 FROM articles WHERE articles.creator_id = users.id"
            "            AND articles.status = 'published')"
            " OR EXISTS (SELECT 1 FROM case_studies WHERE case_studies.creator_id = users.id"
            "            AND case_studies.status = 'published')"
            " OR EXISTS (SELECT 1 FROM events WHERE events.creator_id = users.id"
            "            AND events.review = 'visible')"
            " OR EXISTS (SELECT 1 FROM comments WHERE comments.author_id = users.id"
            "            AND comments.moderation = 'visible')"
        ),
        {"now": now},
    )

    op.create_table(
        "moderation_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", choice(*ACTIONS, name="action"), nullable=False),
        sa.Column("target_type", sa.String(20), nullable=False),
        sa.Column("target_id", sa.Integer()),
        sa.Column("target_label", sa.String(200), nullable=False),
        sa.Column("subject_id", sa.Integer()),
        sa.Column("moderator_id", sa.Integer()),
        sa.Column("ground", choice(*REASONS, name="reason"), nullable=False),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("suspended_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revises_id", sa.Integer()),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["users.id"],
            name=op.f("fk_moderation_decisions_subject_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["users.id"],
            name=op.f("fk_moderation_decisions_moderator_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revises_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_moderation_decisions_revises_id_moderation_decisions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_decisions")),
    )
    op.create_index(
        "ix_moderation_decisions_target", "moderation_decisions", ["target_type", "target_id"]
    )
    op.create_index(
        "ix_moderation_decisions_subject", "moderation_decisions", ["subject_id", "created_at"]
    )
    op.create_index(
        "ix_moderation_decisions_moderator", "moderation_decisions", ["moderator_id", "created_at"]
    )

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer()),
        sa.Column("source", choice("member", "watched_word", name="reportsource"), nullable=False),
        sa.Column("target_type", sa.String(20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("target_label", sa.String(200), nullable=False),
        sa.Column("reason", choice(*REASONS, name="reason"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True)),
        sa.Column("decision_id", sa.Integer()),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_reports_reporter_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_reports_decision_id_moderation_decisions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("reporter_id", "target_type", "target_id", name="uq_reports_once"),
    )
    op.create_index("ix_reports_open", "reports", ["resolved_at", "target_type", "target_id"])
    op.create_index("ix_reports_target", "reports", ["target_type", "target_id"])
    op.create_index("ix_reports_reporter", "reports", ["reporter_id", "created_at"])
    op.create_index("ix_reports_decision_id", "reports", ["decision_id"])

    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("appellant_id", sa.Integer()),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True)),
        sa.Column("decided_by_id", sa.Integer()),
        sa.Column("outcome", choice("upheld", "reversed", name="appealoutcome")),
        sa.Column("outcome_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["moderation_decisions.id"],
            name=op.f("fk_appeals_decision_id_moderation_decisions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["appellant_id"],
            ["users.id"],
            name=op.f("fk_appeals_appellant_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_appeals_decided_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("decision_id", name="uq_appeals_decision"),
    )
    op.create_index("ix_appeals_open", "appeals", ["decided_at", "created_at"])
    op.create_index("ix_appeals_appellant_id", "appeals", ["appellant_id"])

    op.create_table(
        "watched_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.String(100), nullable=False),
        sa.Column("action", choice("block", "hold", "flag", name="wordaction"), nullable=False),
        sa.Column("whole_word", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer()),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_watched_words_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watched_words")),
        sa.UniqueConstraint("pattern", name="uq_watched_words_pattern"),
    )

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_user_created", "notifications", ["user_id", "created_at", "id"]
    )
    op.create_index("ix_notifications_user_unread", "notifications", ["user_id", "read_at"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer()),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target_type", sa.String(20), nullable=False),
        sa.Column("target_id", sa.Integer()),
        sa.Column("target_label", sa.String(200), nullable=False),
        sa.Column("subject_id", sa.Integer()),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", sa.String(300), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_log_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["users.id"],
            name=op.f("fk_audit_log_subject_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_created", "audit_log", ["created_at", "id"])
    op.create_index("ix_audit_log_action", "audit_log", ["action", "created_at"])
    op.create_index("ix_audit_log_actor", "audit_log", ["actor_id", "created_at"])
    op.create_index("ix_audit_log_subject", "audit_log", ["subject_id", "created_at"])


def downgrade():
    for table in (
        "audit_log",
        "notifications",
        "watched_words",
        "appeals",
        "reports",
        "moderation_decisions",
    ):
        op.drop_table(table)
    with op.batch_alter_table("users") as batch_op:
        for column in ("moderation", "suspended_until", "suspended_at", "trusted_at"):
            batch_op.drop_column(column)
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_index("ix_comments_moderation")
        batch_op.add_column(sa.Column("hidden_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("hidden_by_id", sa.Integer()))
    op.execute("UPDATE comments SET hidden_at = created_at WHERE moderation = 'hidden'")
    with op.batch_alter_table("comments") as batch_op:
        batch_op.drop_column("moderation")
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_index("ix_events_review")
    for table in ("case_studies", "articles"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_moderation")
            batch_op.drop_column("moderation")
