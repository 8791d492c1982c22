"""What can be commented, liked and bookmarked: each feature registers its kind of content."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TargetType:
    name: str
    # The object if it exists and the current user may see it, else None (-> 404).
    load: Callable[[int], Any | None]
    # Canonical URL of an object, for redirects after a plain (non-htmx) POST.
    url: Callable[[Any], str]
    # Title and URL of many objects at once, for "Meine Lesezeichen" without N+1 queries.
    describe_many: Callable[[Iterable[int]], dict[int, tuple[str, str]]]


TARGETS: dict[str, TargetType] = {}


def register_target(target: TargetType) -> None:
    TARGETS[target.name] = target
