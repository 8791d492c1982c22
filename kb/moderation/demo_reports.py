"""Demo reports (`flask demo`, kb/demo_data/reports.yaml): a few reports by demo members on
demo content, so that "My reports" and the moderation queue show real items; one of them
already decided.

Each report names its target by content type and author (a demo member's display name,
or nobody in particular: the first record someone else wrote), so this feature needs
none of the others. It runs after the steps that create the content.

Idempotent: a report a member already made is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from kb import audit, registry
from kb.extensions import db
from kb.moderation.models import Action, Decision, Reason, Report, ReportSource
from kb.policy import ANONYMOUS
from kb.registry import DemoStep
from kb.timeutil import utcnow
from kb.users import User

DATA = resources.files("kb") / "demo_data" / "reports.yaml"
# How many records of a type are looked at to find one by a given author.
CANDIDATES = 200
LABEL_LENGTH = 200


@dataclass(frozen=True)
class DemoReport:
    reporter: str
    type: str
    reason: Reason
    note: str
    days_ago: int
    author: str | None = None  # whose record; None: the first one the reporter did not write
    # A moderator who dismissed it (a decided report in "My reports"), with the facts.
    dismissed_by: str | None = None
    facts: str = ""


def demo_reports() -> tuple[DemoReport, ...]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        DemoReport(**{**item, "reason": Reason(item["reason"])}) for item in data["reports"]
    )


def load() -> str:
    members = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    now = utcnow()
    created = 0
    for spec in demo_reports():
        reporter = members.get(spec.reporter)
        if reporter is None:
            continue
        author = members.get(spec.author) if spec.author else None
        if spec.author and author is None:
            continue
        found = _target(spec.type, reporter, author)
        if found is None:
            continue
        record, label = found
        if _reported(reporter, spec.type, record.id):
            continue
        report = Report(
            reporter_id=reporter.id,
            source=ReportSource.MEMBER,
            target_type=spec.type,
            target_id=record.id,
            target_label=label,
            reason=spec.reason,
            note=spec.note,
            created_at=now - timedelta(days=spec.days_ago, hours=3),
        )
        db.session.add(report)
        moderator = members.get(spec.dismissed_by) if spec.dismissed_by else None
        if moderator is not None:
            _dismiss(report, spec, moderator, author, now - timedelta(days=spec.days_ago - 1))
        created += 1
    db.session.flush()
    return f"Demo reports: {created} created."


def _target(type_name: str, reporter: User, author: User | None) -> tuple[Any, str] | None:
    content_type = registry.current().get(type_name)
    if content_type is None:
        return None
    model = content_type.model
    records = db.session.scalars(
        select(model).where(content_type.visible(ANONYMOUS)).order_by(model.id).limit(CANDIDATES)
    )
    for record in records:
        owners = content_type.owner_ids(record)
        if reporter.id in owners or (author is not None and author.id not in owners):
            continue
        title = " ".join(str(getattr(record, content_type.title.key) or "").split())
        return record, title[:LABEL_LENGTH]
    return None


def _reported(reporter: User, type_name: str, record_id: int) -> bool:
    return (
        db.session.scalar(
            select(Report.id).where(
                Report.reporter_id == reporter.id,
                Report.target_type == type_name,
                Report.target_id == record_id,
            )
        )
        is not None
    )


def _dismiss(
    report: Report, spec: DemoReport, moderator: User, author: User | None, when: Any
) -> None:
    """As a moderator's "dismiss" would: the decision, the audit entry, the report closed."""
    decision = Decision(
        action=Action.DISMISS,
        target_type=report.target_type,
        target_id=report.target_id,
        target_label=report.target_label,
        subject_id=author.id if author else None,
        moderator_id=moderator.id,
        ground=spec.reason,
        facts=spec.facts,
        created_at=when,
    )
    db.session.add(decision)
    db.session.flush()
    report.resolved_at = when
    report.decision_id = decision.id
    audit.record(
        moderator,
        "report.dismiss",
        target_type=report.target_type,
        target_id=report.target_id,
        label=report.target_label,
        subject_id=decision.subject_id,
        reason=spec.reason.value,
        details=spec.facts,
    )


STEP = DemoStep("moderation-reports", load, order=95)
