"""Demo content for the moderation queue: a new member (not trusted yet) whose first
comment waits for review, an earlier comment of theirs that a moderator hid and they
appealed, a few open reports by demo members, and a member suspended for good (whose login
page shows the statement of reasons and the appeal form).

Comments are made through the registry (the comment content type's model), so this
feature imports no other. Idempotent: once the new member exists, nothing is added.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from kb import registry
from kb.extensions import db
from kb.markdown import render_plain
from kb.moderation.actions import record_decision, shorten, suspend
from kb.moderation.models import Action, Appeal, Reason, Report
from kb.policy import ANONYMOUS
from kb.standing import Standing
from kb.timeutil import utcnow
from kb.users import Role, User

DATA = resources.files("kb") / "demo_data" / "moderation.yaml"


def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


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
    data = demo_data()
    users = {
        user.display_name: user for user in db.session.scalars(select(User).where(User.is_demo))
    }
    new_member = data["new_member"]
    if new_member["display_name"] in users:
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
        email=f"{new_member['name'].replace('-', '.')}@{domain}",
        name=new_member["name"],
        display_name=new_member["display_name"],
        # The demo accounts share one published password.
        password_hash=deciding.password_hash,
        is_demo=True,
        authority_text=new_member["authority_text"],
        created_at=utcnow() - timedelta(days=3),
    )
    db.session.add(member)
    db.session.flush()

    hidden = _comment(comment_type, article, member, data["hidden_comment"], hours_ago=48)
    comment_type.set_standing(hidden, Standing.HIDDEN)
    decision = record_decision(
        deciding,
        Action.HIDE,
        type_name="comment",
        target_id=hidden.id,
        label=shorten(data["hidden_comment"]),
        subject_id=member.id,
        ground=Reason.INSULT,
        facts=data["hide_facts"],
    )
    db.session.add(
        Appeal(
            decision_id=decision.id,
            appellant_id=member.id,
            statement=data["appeal"],
            created_at=utcnow() - timedelta(hours=20),
        )
    )
    held = _comment(comment_type, article, member, data["held_comment"], hours_ago=5)
    comment_type.set_standing(held, Standing.HELD)

    reports = 0
    for item in data["reports"]:
        reports += _report(
            users.get(item["reporter"]),
            item["type"],
            _first_public(item["type"], exclude_owner=member.id),
            Reason(item["reason"]),
            item["note"],
        )
    suspended = data["suspended_member"]
    spammer = User(
        email=f"{suspended['name'].replace('-', '.')}@{domain}",
        name=suspended["name"],
        display_name=suspended["display_name"],
        password_hash=deciding.password_hash,
        is_demo=True,
        authority_text=suspended["authority_text"],
        created_at=utcnow() - timedelta(days=10),
    )
    db.session.add(spammer)
    db.session.flush()
    suspend(deciding, spammer, Reason.SPAM, data["suspend_facts"], days=None)
    db.session.flush()
    return (
        "Moderation queue demo: a new member with a held comment, a hidden comment under "
        f"appeal, {reports} open reports, a member suspended for good."
    )
