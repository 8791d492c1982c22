"""Demo content for the moderation queue: a new member (not trusted yet) whose first
comment waits for review, an earlier comment of theirs that a moderator hid and they
appealed, and a few open reports by demo members.

Comments are made through the registry (the comment content type's model), so this
feature imports no other. Idempotent: once the new member exists, nothing is added.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from kb import registry
from kb.extensions import db
from kb.markdown import render_plain
from kb.moderation.actions import record_decision, shorten
from kb.moderation.models import Action, Appeal, Reason, Report
from kb.policy import ANONYMOUS
from kb.standing import Standing
from kb.timeutil import utcnow
from kb.users import Role, User

NEW_MEMBER = "Mila Neumann"

HELD_COMMENT = (
    "Danke für die Checkliste! Wir starten gerade mit einer Facebook-Seite für unser "
    "Bürgeramt. Gibt es eine Vorlage für die Netiquette?"
)
HIDDEN_COMMENT = (
    "Wer so etwas schreibt, hat von Verwaltung keine Ahnung. Typisch Amtsschimmel, "
    "lauter Schlafmützen."
)
HIDE_FACTS = (
    "Der Kommentar bezeichnet die Mitarbeitenden pauschal als „Schlafmützen“ und trägt "
    "nichts zur Sache bei (Netiquette: kein persönlicher Angriff)."
)
APPEAL_STATEMENT = (
    "Das war überspitzt, aber nicht gegen eine bestimmte Person gerichtet. Ich bitte, den "
    "Kommentar wieder anzuzeigen."
)


def _first_public(type_name: str, exclude_owner: int | None = None, skip: int = 0) -> Any:
    content_type = registry.current().get(type_name)
    if content_type is None:
        return None
    records = db.session.scalars(
        select(content_type.model)
        .where(content_type.visible(ANONYMOUS))
        .order_by(content_type.model.id)
        .limit(20)
    )
    candidates = [
        record for record in records if exclude_owner not in content_type.owner_ids(record)
    ]
    return candidates[skip] if len(candidates) > skip else None


def _comment(comment_type: Any, article: Any, author: User, body: str, hours_ago: int) -> Any:
    comment = comment_type.model(
        target_type="article",
        target_id=article.id,
        author_id=author.id,
        body=body,
        body_html=render_plain(body),
        submission_key=secrets.token_hex(16),
        created_at=utcnow() - timedelta(hours=hours_ago),
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def _report(reporter: User | None, type_name: str, record: Any, reason: Reason, note: str) -> int:
    content_type = registry.current().get(type_name)
    if reporter is None or content_type is None or record is None:
        return 0
    if reporter.id in content_type.owner_ids(record):
        return 0
    exists = db.session.scalar(
        select(Report.id).where(
            Report.reporter_id == reporter.id,
            Report.target_type == type_name,
            Report.target_id == record.id,
        )
    )
    if exists is not None:
        return 0
    db.session.add(
        Report(
            reporter_id=reporter.id,
            target_type=type_name,
            target_id=record.id,
            target_label=shorten(str(getattr(record, content_type.title.key) or ""), 200),
            reason=reason,
            note=note,
            created_at=utcnow() - timedelta(hours=30),
        )
    )
    return 1


def load() -> str:
    users = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    if NEW_MEMBER in users:
        return "Moderation queue demo: already there."
    moderators = [user for user in users.values() if user.role == Role.MODERATOR]
    admins = [user for user in users.values() if user.role == Role.ADMIN]
    deciders: list[User | None] = [*moderators, *admins, None]
    deciding = deciders[0]
    comment_type = registry.current().get("comment")
    article = _first_public("article")
    if deciding is None or comment_type is None or article is None:
        return "Moderation queue demo: no demo users or entries to start from."
    domain = deciding.email.rpartition("@")[2]
    member = User(
        email=f"mila.neumann@{domain}",
        name="mila-neumann",
        display_name=NEW_MEMBER,
        # The demo accounts share one published password.
        password_hash=deciding.password_hash,
        is_demo=True,
        authority_text="Bürgeramt Musterstadt",
        created_at=utcnow() - timedelta(days=3),
    )
    db.session.add(member)
    db.session.flush()

    hidden = _comment(comment_type, article, member, HIDDEN_COMMENT, hours_ago=48)
    comment_type.set_standing(hidden, Standing.HIDDEN)
    decision = record_decision(
        deciding,
        Action.HIDE,
        type_name="comment",
        target_id=hidden.id,
        label=shorten(HIDDEN_COMMENT),
        subject_id=member.id,
        ground=Reason.INSULT,
        facts=HIDE_FACTS,
    )
    db.session.add(
        Appeal(
            decision_id=decision.id,
            appellant_id=member.id,
            statement=APPEAL_STATEMENT,
            created_at=utcnow() - timedelta(hours=20),
        )
    )
    held = _comment(comment_type, article, member, HELD_COMMENT, hours_ago=5)
    comment_type.set_standing(held, Standing.HELD)

    reports = 0
    reported_comment = _first_public("comment", exclude_owner=member.id)
    reports += _report(
        users.get("Thomas Krüger"),
        "comment",
        reported_comment,
        Reason.INSULT,
        "Der Ton ist herablassend gegenüber kleinen Ämtern.",
    )
    reports += _report(users.get("Aylin Demir"), "comment", reported_comment, Reason.OTHER, "")
    reports += _report(
        users.get("Lena Schulz"),
        "event",
        _first_public("event"),
        Reason.SPAM,
        "Sieht nach Werbung für eine kostenpflichtige Schulung aus.",
    )
    db.session.flush()
    return (
        f"Moderation queue demo: a new member with a held comment, a hidden comment under "
        f"appeal, {reports} open reports."
    )
