"""What the search is to the rest of the app: a step of `flask demo` that indexes what
the demo content added without going through the session (bulk inserts)."""

from __future__ import annotations

from kb.registry import DemoStep, Registry
from kb.search import index


def index_demo_content() -> str:
    written = index.build(only_missing=True)
    return f"Search index: {written} documents added."


def register(registry: Registry) -> None:
    # After every feature's demo content and the synthetic data.
    registry.add_demo_step(DemoStep("search", index_demo_content, order=900))
