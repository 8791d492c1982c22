"""Appeals (DSA Art. 20): the member concerned contests a decision once; another
moderator than the one who decided answers it where there is one, and a reversal undoes
what can be undone (hidden content is shown again, a suspension ends)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from kb import audit, registry
from kb.extensions import db
from kb.moderation import actions
from kb.moderation.grounds import RESTRICTIONS
from kb.moderation.models import Action, Appeal, AppealOutcome, Decision
from kb.notify import notify
from kb.policy import can_moderate, is_user
from kb.standing import Standing
from kb.timeutil import utcnow
from kb.users import Role, User


def appeal_of(decision: Decision) -> Appeal | None:
    return db.session.scalar(select(Appeal).where(Appeal.decision_id == decision.id))


def is_appealable(decision: Decision) -> bool:
    """Restrictions can be contested; an appeal's own outcome cannot."""
    return decision.action in RESTRICTIONS and decision.revises_id is None


def can_appeal(viewer: Any, decision: Decision, appeal: Appeal | None) -> bool:
    return appeal is None and is_appealable(decision) and is_user(viewer, decision.subject_id)


def file_appeal(user: Any, decision: Decision, statement: str) -> Appeal | None:
    """The appeal, or None when the decision has one already (also when another request
    added it a moment ago: the unique constraint decides)."""
    if appeal_of(decision) is not None:
        return None
    appeal = Appeal(decision_id=decision.id, appellant_id=user.id, statement=statement)
    try:
        with db.session.begin_nested():
            db.session.add(appeal)
    except IntegrityError:
        return None
    audit.record(
        user,
        "moderation.appeal",
        target_type=decision.target_type,
        target_id=decision.target_id,
        label=decision.target_label,
        subject_id=decision.subject_id,
        reason=statement,
        details=f"decision {decision.id}",
    )
    return appeal


def others_could_decide(appeal: Appeal) -> bool:
    """Whether an active moderator exists who neither took the decision nor appealed."""
    excluded = {appeal.decision.moderator_id, appeal.appellant_id} - {None}
    now = utcnow()
    found = db.session.scalar(
        select(User.id)
        .where(
            User.role.in_([Role.MODERATOR, Role.ADMIN]),
            User.id.not_in(excluded),
            or_(
                User.suspended_at.is_(None),
                User.suspended_until.is_not(None) & (User.suspended_until <= now),
            ),
        )
        .limit(1)
    )
    return found is not None


def is_own_decision(viewer: Any, appeal: Appeal) -> bool:
    return is_user(viewer, appeal.decision.moderator_id)


def can_decide(viewer: Any, appeal: Appeal) -> bool:
    """A moderator other than the appellant, and other than the one who decided unless
    nobody else could."""
    if not can_moderate(viewer) or appeal.decided_at is not None:
        return False
    if is_user(viewer, appeal.appellant_id):
        return False
    return not is_own_decision(viewer, appeal) or not others_could_decide(appeal)


def _undo(moderator: Any, decision: Decision, note: str) -> Decision | None:
    """Undo a decision as far as it can be: the decision that does it, or None."""
    if decision.target_id is None:
        return None
    if decision.action == Action.SUSPEND:
        user = db.session.get(User, decision.target_id)
        if user is None or user.suspended_at is None:
            return None
        return actions.unsuspend(moderator, user, note, ground=decision.ground, revises=decision)
    if decision.action not in (Action.HIDE, Action.REJECT):
        return None  # a warning is withdrawn by the outcome; deleted content is gone
    content_type = registry.current().get(decision.target_type)
    record = None
    if content_type is not None and content_type.moderated:
        record = db.session.get(content_type.model, decision.target_id)
    if content_type is None or record is None:
        return None
    target = actions.Target(content_type, decision.target_id, record)
    if target.standing != Standing.HIDDEN:
        return None
    actions.set_standing(target, Standing.VISIBLE)
    return actions.record_decision(
        moderator,
        Action.RESTORE,
        type_name=content_type.name,
        target_id=decision.target_id,
        label=decision.target_label,
        subject_id=decision.subject_id,
        ground=decision.ground,
        facts=note,
        revises=decision,
        resolve=False,
    )


def decide(moderator: Any, appeal: Appeal, outcome: AppealOutcome, note: str) -> None:
    decision = appeal.decision
    appeal.outcome = outcome
    appeal.outcome_note = note
    appeal.decided_at = utcnow()
    appeal.decided_by_id = moderator.id
    undone = _undo(moderator, decision, note) if outcome == AppealOutcome.REVERSED else None
    audit.record(
        moderator,
        f"moderation.appeal_{outcome.value}",
        target_type=decision.target_type,
        target_id=decision.target_id,
        label=decision.target_label,
        subject_id=decision.subject_id,
        reason=note,
        details=" ".join(
            [f"decision {decision.id}", *([f"undone by decision {undone.id}"] if undone else [])]
        ),
    )
    notify(
        [appeal.appellant_id],
        "appeal.decided",
        url=actions.decision_url(decision),
        actor_id=moderator.id,
        data={"outcome": outcome.value, "title": decision.target_label},
    )
