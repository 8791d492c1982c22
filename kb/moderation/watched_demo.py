"""Demo watched words for `flask demo` (kb/demo_data/watched_words.yaml): one of each
action, so the admin page and the checks show real rules. None of them occurs in the
demo content.

Idempotent: a word on the list already (in any spelling) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from kb.extensions import db
from kb.moderation import watched
from kb.moderation.models import WatchedWord, WordAction
from kb.users import Role, User


@dataclass(frozen=True)
class DemoWord:
    pattern: str
    action: WordAction
    whole_word: bool = True


DATA = resources.files("kb") / "demo_data" / "watched_words.yaml"


def demo_words() -> tuple[DemoWord, ...]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(
        DemoWord(
            pattern=item["pattern"],
            action=WordAction(item["action"]),
            whole_word=bool(item.get("whole_word", True)),
        )
        for item in data["words"]
    )


def load() -> str:
    admin = db.session.scalar(
        select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
    )
    known = set(watched.matcher().keys)
    words = demo_words()
    created = 0
    for demo in words:
        key = watched.folded_key(demo.pattern)
        if key in known:
            continue
        db.session.add(
            WatchedWord(
                pattern=demo.pattern,
                action=demo.action,
                whole_word=demo.whole_word,
                created_by_id=admin.id if admin else None,
            )
        )
        known.add(key)
        created += 1
    db.session.commit()
    return f"Watched words: {created} added, {len(words) - created} already there."
