"""What happens to a post when a member sends it: refused (a blocked watched word), held
for a moderator (a new member's first post, a watched word to hold) or published, with a
report opened for a watched word to flag.

Features call `blocked()` through the form validator `kb.forms.NotBlocked` and
`admit()` when they store a post; the watched words themselves are the moderation
feature's, which registers them as a `Screen`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kb import registry
from kb.standing import Standing
from kb.users import User


def blocked(text: str) -> str | None:
    """The message that refuses this text, or None when it may be posted."""
    if not text:
        return None
    for screen in registry.current().screens:
        verdict = screen.check(text)
        if verdict.block:
            return verdict.block
    return None


@dataclass
class Admission:
    standing: Standing
    # Why the post waits: "first post", or what a screen said.
    held_because: list[str] = field(default_factory=list)
    flagged_because: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return self.standing == Standing.HELD


def admit(
    content_type_name: str, record: Any, author: User, texts: Iterable[str], *, new: bool = True
) -> Admission:
    """Decide and set the standing of a post that was just stored (flushed, with an id).

    A new post of a member who is not trusted yet waits for a moderator; a post (new or
    edited) with a watched word to hold waits too, one with a word to flag is published
    and reported. Moderators' and admins' posts never wait.
    """
    content_type = registry.current().get(content_type_name)
    if content_type is None or not content_type.is_post or not content_type.moderated:
        return Admission(Standing.VISIBLE)
    admission = Admission(content_type.standing_of(record))
    held: list[str] = []
    flags: dict[Any, list[str]] = {}
    if new and not author.is_trusted:
        held.append("first post")
    screens = registry.current().screens
    for text in texts:
        if not text:
            continue
        for screen in screens:
            verdict = screen.check(text)
            if verdict.hold:
                held.append(verdict.hold)
            if verdict.flags:
                flags.setdefault(screen, []).extend(verdict.flags)
    if author.is_moderator:
        held = []
    if held and admission.standing == Standing.VISIBLE:
        content_type.set_standing(record, Standing.HELD)
        admission.standing = Standing.HELD
    admission.held_because = held
    for screen, reasons in flags.items():
        admission.flagged_because.extend(reasons)
        if screen.flagged is not None:
            screen.flagged(content_type, record, reasons)
    return admission
