"""Demo watched words for `flask demo`: one of each action, so the admin page and the
checks show real rules. None of them occurs in the demo content.

Idempotent: a word on the list already (in any spelling) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

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


DEMO_WORDS = (
    DemoWord("Krypto-Gewinn*", WordAction.BLOCK),
    DemoWord("Lügenpresse", WordAction.HOLD),
    DemoWord("Vollpfosten", WordAction.FLAG),
    DemoWord("idiot", WordAction.FLAG, whole_word=False),
)


def load() -> str:
    admin = db.session.scalar(
        select(User).where(User.role == Role.ADMIN).order_by(User.id).limit(1)
    )
    known = set(watched.matcher().keys)
    created = 0
    for demo in DEMO_WORDS:
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
    return f"Watched words: {created} added, {len(DEMO_WORDS) - created} already there."
