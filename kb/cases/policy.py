"""Who may see and change case studies."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, or_, true

from kb.cases.models import CaseStudy
from kb.content.models import PublishState
from kb.policy import is_member, is_moderator, is_user
from kb.standing import Standing


def owner_ids(case: CaseStudy) -> set[int]:
    return {case.creator_id} if case.creator_id is not None else set()


def can_edit(viewer: Any, case: CaseStudy) -> bool:
    """The member who started a case study edits it; moderators every one."""
    return is_moderator(viewer) or is_user(viewer, case.creator_id)


def can_view(viewer: Any, case: CaseStudy) -> bool:
    """Published case studies are public unless moderation holds or hides them."""
    return case.is_public or can_edit(viewer, case)


def visible(viewer: Any) -> ColumnElement[bool]:
    """can_view() as an SQL condition."""
    if is_moderator(viewer):
        return true()
    published = and_(
        CaseStudy.status == PublishState.PUBLISHED, CaseStudy.moderation == Standing.VISIBLE
    )
    if not is_member(viewer):
        return published
    return or_(published, CaseStudy.creator_id == viewer.id)
