"""Where moderation has put a post, a comment or a profile: one vocabulary for every
content type, so the moderation queue, search and feeds treat them alike."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


class Standing(enum.StrEnum):
    """Where moderation has put a post, a comment or a profile.

    Every content type's `visible()` shows readers only VISIBLE records; authors see
    their own held or hidden ones (with a notice), moderators all.
    """

    VISIBLE = "visible"
    HELD = "held"  # waits for a moderator: a new member's first post, a watched word
    HIDDEN = "hidden"  # hidden by a moderator; readers see a notice in its place


def standing_type() -> Enum:
    return Enum(
        Standing,
        native_enum=False,
        length=16,
        values_callable=lambda e: [standing.value for standing in e],
    )
