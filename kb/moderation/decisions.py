"""The statement of reasons (DSA Art. 17): who may read a decision, and what its page
shows."""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from kb.extensions import db
from kb.moderation.models import Decision
from kb.policy import can_moderate, is_user


def load_decision(decision_id: int) -> Decision:
    decision = db.session.scalar(
        select(Decision)
        .where(Decision.id == decision_id)
        .options(joinedload(Decision.moderator), joinedload(Decision.subject))
    )
    if decision is None:
        abort(404)
    return decision


def can_view(viewer: Any, decision: Decision) -> bool:
    """The member concerned and the moderators; for anyone else it does not exist."""
    return can_moderate(viewer) or is_user(viewer, decision.subject_id)


def revisions(decision: Decision) -> list[Decision]:
    """The decisions that undid this one (an appeal reversed it)."""
    return list(
        db.session.scalars(
            select(Decision).where(Decision.revises_id == decision.id).order_by(Decision.id)
        )
    )


def history(type_name: str, record_id: int, limit: int = 20) -> list[Decision]:
    """The latest decisions about one record (or account), newest first."""
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.target_type == type_name, Decision.target_id == record_id)
            .options(joinedload(Decision.moderator))
            .order_by(Decision.created_at.desc(), Decision.id.desc())
            .limit(limit)
        )
    )
