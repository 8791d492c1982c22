"""How long Markdown rendering takes: a 20 KB entry, each hostile input of the test
suite (deep nesting, long runs of emphasis and links, …), and each of them repeated to
the longest body a form accepts (100,000 characters), the worst a request can ask for.

Usage: .venv/bin/python tests/bench/markdown.py [--repeat 5]

Prints the median time per call. Run on a quiet machine; the numbers are not checked
against a limit here (timing assertions in the unit tests failed under load).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(REPO_ROOT))

from kb.markdown import render_markdown  # noqa: E402
from tests.test_markdown import _HOSTILE_IDS, HOSTILE_INPUTS  # noqa: E402

ENTRY_BLOCK = (
    "## Krisenkommunikation\n\nBei **Unwetter** informiert die Stadt über "
    "[Mastodon](https://social.example/@stadt) und *Instagram*.\n\n"
    "- Schritt eins\n- Schritt zwei\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "> Hinweis: `Code` bleibt Code.\n\n"
)
ENTRY = (ENTRY_BLOCK * (20_000 // len(ENTRY_BLOCK) + 1))[:20_000]
BODY_MAX = 100_000  # kb.articles.forms.BODY_MAX


def at_body_max(payload: str) -> str:
    return (payload * (BODY_MAX // max(len(payload), 1) + 1))[:BODY_MAX]


def median_ms(render: Callable[[], object], repeat: int) -> float:
    render()  # warm-up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        render()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rows = [("20 KB entry", median_ms(lambda: render_markdown(ENTRY), args.repeat))]
    for name, payload in zip(_HOSTILE_IDS, HOSTILE_INPUTS, strict=True):
        rows.append(
            (name, median_ms(lambda payload=payload: render_markdown(payload), args.repeat))
        )
        longest = at_body_max(payload)
        rows.append(
            (
                f"{name} ×{BODY_MAX // max(len(payload), 1) or 1} (100,000 characters)",
                median_ms(lambda longest=longest: render_markdown(longest), args.repeat),
            )
        )
    width = max(len(name) for name, _ in rows)
    print(f"{'input':<{width}}  median ms")
    for name, milliseconds in sorted(rows, key=lambda row: -row[1]):
        print(f"{name:<{width}}  {milliseconds:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
