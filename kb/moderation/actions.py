"""What moderators do to posts, comments, profiles and accounts: every action is a
`Decision` (the statement of reasons), resolves the open reports on what it acted on,
writes an audit entry and tells the members concerned. Generic over the registry: the
content type says how to change a record's standing, delete it, and who owns it.

Nothing here commits: the view does, so an action is kept whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import abort, url_for
from sqlalchemy import select, update

from kb import audit, registry
from kb.extensions import db
from kb.moderation.grounds import RESTRICTIONS
from kb.moderation.models import Action, Decision, Reason, Report
from kb.notify import notify
from kb.policy import can_moderate
from kb.registry import ContentType
from kb.standing import Standing
from kb.timeutil import utcnow
from kb.users import ROLE_RANK, User

LABEL_LENGTH = 120  # titles in decisions, notifications and the audit log

# The actions on content; suspending is about the account (suspend(), unsuspend()).
CONTENT_ACTIONS = (
    Action.APPROVE,
    Action.REJECT,
    Action.DISMISS,
    Action.HIDE,
    Action.RESTORE,
    Action.DELETE,
    Action.WARN,
)

# The standing each action puts a record in, and the standing it needs first.
NEW_STANDING = {
    Action.APPROVE: Standing.VISIBLE,
    Action.REJECT: Standing.HIDDEN,
    Action.HIDE: Standing.HIDDEN,
    Action.RESTORE: Standing.VISIBLE,
}
NEEDS_STANDING = {
    Action.APPROVE: Standing.HELD,
    Action.REJECT: Standing.HELD,
    Action.HIDE: Standing.VISIBLE,
    Action.RESTORE: Standing.HIDDEN,
}


@dataclass
class Target:
    """What a moderator acts on: a record of a moderated content type. `record` is None
    when it is gone (deleted by its author) while reports on it are still open."""

    content_type: ContentType
    record_id: int
    record: Any | None

    @property
    def standing(self) -> Standing | None:
        return None if self.record is None else self.content_type.standing_of(self.record)

    @property
    def is_account(self) -> bool:
        return self.content_type.model is User

    def label(self) -> str:
        if self.record is None:
            return open_report_label(self.content_type.name, self.record_id)
        return shorten(str(getattr(self.record, self.content_type.title.key) or ""))

    def owner_ids(self) -> set[int]:
        return set() if self.record is None else self.content_type.owner_ids(self.record)

    def subject_id(self) -> int | None:
        """The member a decision about the record concerns: its creator or author."""
        if self.record is None:
            return None
        owners = self.owner_ids()
        for attribute in ("creator_id", "author_id"):
            value = getattr(self.record, attribute, None)
            if value in owners:
                return int(value)
        if self.is_account:
            return int(self.record.id)
        return min(owners) if owners else None

    def url(self) -> str:
        """The record's own page ("" when it has none any more)."""
        return "" if self.record is None else self.content_type.url(self.record)


def shorten(text: str, length: int = LABEL_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def open_report_label(type_name: str, record_id: int) -> str:
    label = db.session.scalar(
        select(Report.target_label)
        .where(Report.target_type == type_name, Report.target_id == record_id)
        .limit(1)
    )
    return shorten(label or "")


def load_target(type_name: str, record_id: int) -> Target:
    """The record, or 404: unknown type, a type moderation does not act on, unknown id
    (a record that is gone is found while reports on it are open)."""
    content_type = registry.current().get(type_name)
    if content_type is None or not content_type.moderated:
        abort(404)
    record = db.session.get(content_type.model, record_id)
    if record is None and not has_open_reports(type_name, record_id):
        abort(404)
    return Target(content_type, record_id, record)


def has_open_reports(type_name: str, record_id: int) -> bool:
    found = db.session.scalar(
        select(Report.id)
        .where(
            Report.target_type == type_name,
            Report.target_id == record_id,
            Report.resolved_at.is_(None),
        )
        .limit(1)
    )
    return found is not None


def can_act(moderator: Any, target: Target) -> bool:
    """Moderators act on everything but their own content (and their own profile)."""
    return can_moderate(moderator) and moderator.id not in target.owner_ids()


def available_actions(target: Target, has_reports: bool) -> list[Action]:
    """The actions that make sense for the record as it stands now."""
    if target.record is None:
        return [Action.DISMISS] if has_reports else []
    standing = target.standing
    actions = [
        action
        for action in (Action.APPROVE, Action.REJECT, Action.HIDE, Action.RESTORE)
        if NEEDS_STANDING[action] == standing
    ]
    if has_reports:
        actions.append(Action.DISMISS)
    actions.append(Action.WARN)
    # An account is not deleted from the queue: its profile is hidden, the account
    # suspended; deleting it is the member's own (or an admin's) step.
    if not target.is_account:
        actions.append(Action.DELETE)
    return actions


def can_suspend(moderator: Any, user: User) -> bool:
    """Not oneself, and only those of a lower role: moderators suspend members, admins
    members and moderators; an admin is not suspended (another admin demotes them first)."""
    return (
        can_moderate(moderator)
        and moderator.id != user.id
        and ROLE_RANK[user.role] < ROLE_RANK[moderator.role]
    )


def decision_url(decision: Decision) -> str:
    return url_for("moderation.decision", decision_id=decision.id)


def _resolve_reports(type_name: str, record_id: int, decision: Decision) -> list[int]:
    """Close the open reports on the record with this decision; the reporters' ids."""
    condition = (
        Report.target_type == type_name,
        Report.target_id == record_id,
        Report.resolved_at.is_(None),
    )
    reporters = list(db.session.scalars(select(Report.reporter_id).where(*condition)))
    db.session.execute(
        update(Report)
        .where(*condition)
        .values(resolved_at=decision.created_at, decision_id=decision.id)
        .execution_options(synchronize_session=False)
    )
    return [reporter for reporter in reporters if reporter is not None]


def record_decision(
    moderator: Any,
    action: Action,
    *,
    type_name: str,
    target_id: int | None,
    label: str,
    subject_id: int | None,
    ground: Reason,
    facts: str,
    suspended_until: datetime | None = None,
    revises: Decision | None = None,
    details: str = "",
    resolve: bool = True,
    public_url: str = "",
) -> Decision:
    """The decision, its audit entry, and the reports it resolves (their reporters are
    told what was decided, without anything about the author, and led to the content
    when it is still public: `public_url`)."""
    decision = Decision(
        action=action,
        target_type=type_name,
        target_id=target_id,
        target_label=label,
        subject_id=subject_id,
        moderator_id=moderator.id,
        ground=ground,
        facts=facts,
        suspended_until=suspended_until,
        revises_id=revises.id if revises else None,
        created_at=utcnow(),
    )
    db.session.add(decision)
    db.session.flush()
    audit.record(
        moderator,
        f"moderation.{action.value}",
        target_type=type_name,
        target_id=target_id,
        label=label,
        subject_id=subject_id,
        reason=facts,
        details=" ".join(filter(None, [f"ground: {ground.value}", details])),
    )
    if resolve and target_id is not None:
        reporters = _resolve_reports(type_name, target_id, decision)
        notify(
            reporters,
            "report.decided",
            url=public_url,
            actor_id=moderator.id,
            data={"action": action.value, "title": label},
        )
    return decision


def tell_subject(decision: Decision, owner_ids: Iterable[int], moderator: Any) -> None:
    """The statement of reasons reaches the members concerned (DSA Art. 17)."""
    notify(
        owner_ids,
        "moderation.decision",
        url=decision_url(decision),
        actor_id=moderator.id,
        data={"action": decision.action.value, "title": decision.target_label},
    )


def set_standing(target: Target, standing: Standing) -> None:
    if target.record is not None and target.standing != standing:
        target.content_type.set_standing(target.record, standing)


def act(moderator: Any, target: Target, action: Action, ground: Reason, facts: str) -> Decision:
    """Carry out an action on content (the view checked `can_act` and that the action
    is available)."""
    label = target.label()
    owners = target.owner_ids()
    subject_id = target.subject_id()
    url = target.url()
    if action in NEW_STANDING:
        set_standing(target, NEW_STANDING[action])
    if action == Action.APPROVE and owners:
        # One approved post makes a member trusted: their next posts appear at once.
        for owner in db.session.scalars(
            select(User).where(User.id.in_(owners), User.trusted_at.is_(None))
        ):
            owner.trusted_at = utcnow()
    if action == Action.DELETE and target.record is not None:
        target.content_type.delete(target.record)
        target.record = None
    public = target.record is not None and target.content_type.is_public(target.record)
    decision = record_decision(
        moderator,
        action,
        type_name=target.content_type.name,
        target_id=target.record_id,
        label=label,
        subject_id=subject_id,
        ground=ground,
        facts=facts,
        public_url=url if public else "",
    )
    if action == Action.APPROVE:
        notify(
            owners,
            "post.approved",
            url=url,
            actor_id=moderator.id,
            data={"title": label, "type": target.content_type.name},
        )
    elif action in RESTRICTIONS or action == Action.RESTORE:
        tell_subject(decision, owners, moderator)
    return decision


def suspend(moderator: Any, user: User, ground: Reason, facts: str, days: int | None) -> Decision:
    """Suspend the account for `days` (None: for good); its sessions end with it
    (`User.is_active`)."""
    now = utcnow()
    user.suspended_at = now
    user.suspended_until = now + timedelta(days=days) if days else None
    decision = record_decision(
        moderator,
        Action.SUSPEND,
        type_name="profile",
        target_id=user.id,
        label=shorten(user.display_name),
        subject_id=user.id,
        ground=ground,
        facts=facts,
        suspended_until=user.suspended_until,
        details=f"until {user.suspended_until.date().isoformat()}"
        if user.suspended_until
        else "for good",
    )
    tell_subject(decision, [user.id], moderator)
    return decision


def unsuspend(
    moderator: Any,
    user: User,
    facts: str,
    *,
    ground: Reason = Reason.OTHER,
    revises: Decision | None = None,
) -> Decision:
    user.suspended_at = None
    user.suspended_until = None
    decision = record_decision(
        moderator,
        Action.UNSUSPEND,
        type_name="profile",
        target_id=user.id,
        label=shorten(user.display_name),
        subject_id=user.id,
        ground=ground,
        facts=facts,
        revises=revises,
        # Reports on the profile are not answered by ending a suspension.
        resolve=False,
    )
    if revises is None:
        tell_subject(decision, [user.id], moderator)
    return decision
