"""What a hit shows of its text: the words that matched marked, everything escaped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

from kb.search import analysis

SNIPPET_WORDS = 32
MAX_SCAN = 20_000  # characters of a text looked through for a match
BEFORE = 8  # words shown before the first match


@lru_cache(maxsize=100_000)
def _terms_of(word: str) -> frozenset[str]:
    found = analysis.words(word)
    return frozenset(term for each in found for term in analysis.word_terms(each))


def _is_match(word: str, wanted: set[str]) -> bool:
    return bool(wanted) and not wanted.isdisjoint(_terms_of(word.lower()))


def _render(text: str, spans: list[re.Match[str]], wanted: set[str]) -> str:
    """`text` (from the first span's start to the last span's end) escaped, with the
    words that match marked."""
    out = []
    end = spans[0].start()
    for span in spans:
        if span.start() > end:
            out.append(str(escape(text[end : span.start()])))
        word = span.group()
        out.append(f"<mark>{escape(word)}</mark>" if _is_match(word, wanted) else str(escape(word)))
        end = span.end()
    return "".join(out)


def highlight(text: str, wanted: set[str]) -> Markup:
    spans = list(analysis.WORD.finditer(text))
    if not spans:
        return escape(text)
    # Plain strings: Markup + str would escape _render()'s HTML a second time.
    html = str(escape(text[: spans[0].start()])) + _render(text, spans, wanted)
    html += str(escape(text[spans[-1].end() :]))
    return Markup(html)  # noqa: S704  (every piece is escaped)


def _window(text: str, wanted: set[str]) -> tuple[str, bool] | None:
    """SNIPPET_WORDS words of `text` around its first match (or from its start when
    `wanted` is empty), and whether a word matched; None for no words at all."""
    spans: list[re.Match[str]] = []
    first = None
    for span in analysis.WORD.finditer(text, 0, MAX_SCAN):
        spans.append(span)
        if first is None and _is_match(span.group(), wanted):
            first = len(spans) - 1
        if first is not None and len(spans) >= first + SNIPPET_WORDS - BEFORE:
            break
        if first is None and not wanted and len(spans) >= SNIPPET_WORDS:
            break
    if not spans:
        return None
    start = max(0, (first or 0) - BEFORE)
    shown = spans[start : start + SNIPPET_WORDS]
    html = " ".join(_render(text, shown, wanted).split())
    if start > 0:
        html = "… " + html
    if shown[-1].end() < len(text.rstrip()):
        html += " …"
    return html, first is not None


def snippet(texts: Iterable[str], wanted: set[str]) -> Markup:
    """About SNIPPET_WORDS words around the first match in the first text that has one
    (or the start of the first text)."""
    fallback = None
    for text in texts:
        if not text:
            continue
        found = _window(text, wanted)
        if found is None:
            continue
        html, matched = found
        if matched:
            return Markup(html)  # noqa: S704  (built from escaped pieces)
        if fallback is None:
            fallback = html
        if not wanted:
            break
    return Markup(fallback or "")  # noqa: S704  (built from escaped pieces)
