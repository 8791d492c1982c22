"""What moderation is to the rest of the app: the personal data of its tables, the watched
words as a screen of what members post, their link on /admin/ and their demo words."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user
from sqlalchemy import func, select

from kb import policy
from kb.extensions import db
from kb.moderation import watched, watched_demo
from kb.moderation.models import Appeal, Decision, Report, WatchedWord
from kb.registry import DemoStep, OnDelete, Panel, PersonalData, Registry
from kb.timeutil import isoformat
from kb.users import User


def export_reports(user: User) -> list[dict[str, Any]]:
    reports = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.created_at)
    )
    return [
        {
            "on": {"type": report.target_type, "id": report.target_id},
            "title": report.target_label,
            "reason": report.reason.value,
            "note": report.note,
            "created_at": isoformat(report.created_at),
            "resolved_at": isoformat(report.resolved_at),
        }
        for report in reports
    ]


def _export_decisions(column: Any) -> Any:
    def export(user: User) -> list[dict[str, Any]]:
        decisions = db.session.scalars(
            select(Decision).where(column == user.id).order_by(Decision.created_at)
        )
        return [
            {
                "action": decision.action.value,
                "on": {"type": decision.target_type, "id": decision.target_id},
                "title": decision.target_label,
                "ground": decision.ground.value,
                "facts": decision.facts,
                "suspended_until": isoformat(decision.suspended_until),
                "created_at": isoformat(decision.created_at),
            }
            for decision in decisions
        ]

    return export


def _export_appeals(column: Any) -> Any:
    def export(user: User) -> list[dict[str, Any]]:
        appeals = db.session.scalars(
            select(Appeal).where(column == user.id).order_by(Appeal.created_at)
        )
        return [
            {
                "decision": appeal.decision_id,
                "statement": appeal.statement,
                "created_at": isoformat(appeal.created_at),
                "decided_at": isoformat(appeal.decided_at),
                "outcome": appeal.outcome.value if appeal.outcome else None,
                "outcome_note": appeal.outcome_note,
            }
            for appeal in appeals
        ]

    return export


def export_watched_words(user: User) -> list[dict[str, Any]]:
    words = db.session.scalars(
        select(WatchedWord).where(WatchedWord.created_by_id == user.id).order_by(WatchedWord.id)
    )
    return [
        {
            "pattern": word.pattern,
            "action": word.action.value,
            "created_at": isoformat(word.created_at),
        }
        for word in words
    ]


PERSONAL_DATA = (
    PersonalData("reports", Report.reporter_id, export_reports, OnDelete.ANONYMISE),
    PersonalData(
        "moderation_decisions_about_me",
        Decision.subject_id,
        _export_decisions(Decision.subject_id),
        OnDelete.ANONYMISE,
    ),
    PersonalData(
        "moderation_decisions_taken",
        Decision.moderator_id,
        _export_decisions(Decision.moderator_id),
        OnDelete.ANONYMISE,
    ),
    PersonalData(
        "appeals", Appeal.appellant_id, _export_appeals(Appeal.appellant_id), OnDelete.ANONYMISE
    ),
    PersonalData(
        "appeals_decided",
        Appeal.decided_by_id,
        _export_appeals(Appeal.decided_by_id),
        OnDelete.ANONYMISE,
    ),
    PersonalData(
        "watched_words", WatchedWord.created_by_id, export_watched_words, OnDelete.ANONYMISE
    ),
)


def watched_words_panel(**_context: Any) -> str | None:
    """The link to the watched words on /admin/, with how many there are."""
    if not policy.is_admin(current_user):
        return None
    count = db.session.scalar(select(func.count(WatchedWord.id))) or 0
    return render_template("moderation/_watched_words_panel.html", count=count)


def register(registry: Registry) -> None:
    registry.add_personal_data(*PERSONAL_DATA)
    watched.watch_changes()
    registry.add_screen(watched.SCREEN)
    registry.add_panel("admin.index", Panel("watched_words", watched_words_panel, order=50))
    registry.add_demo_step(DemoStep("watched_words", watched_demo.load, order=200))
