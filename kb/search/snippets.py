"""What a hit shows of its text: the words that matched marked, everything escaped.

A word matches when one of its stems is a term of the query, or when it holds a word of
the query whole (the compound "Datenschutzbeauftragte" for "Datenschutz"): cheaper than
splitting every word of every hit into its parts, and the same to a reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from kb.search import analysis

SNIPPET_WORDS = 32
MAX_SCAN = 20_000  # characters of a text looked through for a match
BEFORE = 8  # words shown before the first match
MIN_FRAGMENT = 4  # shorter query words are not looked for inside compounds


@dataclass(frozen=True)
class Wanted:
    """What to mark: the query's terms (stems), and its words as folded."""

    terms: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, terms: Iterable[str], words: Iterable[str]) -> Wanted:
        return cls(frozenset(terms), frozenset(w for w in words if len(w) >= MIN_FRAGMENT))

    def __bool__(self) -> bool:
        return bool(self.terms or self.words)


@lru_cache(maxsize=100_000)
def _folded_and_stems(word: str) -> tuple[str, frozenset[str]]:
    folded = analysis.fold(word.lower())
    if not (folded.isascii() and folded.isalnum()):
        return folded, frozenset()
    return folded, frozenset(analysis.stems(folded))


def _is_match(word: str, wanted: Wanted) -> bool:
    folded, stems = _folded_and_stems(word)
    if not wanted.terms.isdisjoint(stems):
        return True
    return any(len(folded) > len(part) and part in folded for part in wanted.words)


def _render(text: str, spans: list[re.Match[str]], wanted: Wanted) -> str:
    """`text` from the first span's start to the last span's end, escaped, with the
    words that match marked."""
    out = []
    end = spans[0].start()
    for span in spans:
        if wanted and _is_match(span.group(), wanted):
            out.append(str(escape(text[end : span.start()])))
            out.append(f"<mark>{escape(span.group())}</mark>")
            end = span.end()
    out.append(str(escape(text[end : spans[-1].end()])))
    return "".join(out)


def highlight(text: str, wanted: Wanted) -> Markup:
    spans = list(analysis.WORD.finditer(text))
    if not spans:
        return escape(text)
    # Plain strings: Markup + str would escape _render()'s HTML a second time.
    html = str(escape(text[: spans[0].start()])) + _render(text, spans, wanted)
    html += str(escape(text[spans[-1].end() :]))
    return Markup(html)  # noqa: S704  (every piece is escaped)


def _window(text: str, wanted: Wanted) -> tuple[str, bool] | None:
    """SNIPPET_WORDS words of `text` around its first match (or from its start when
    nothing matches), and whether a word matched; None for no words at all."""
    spans: list[re.Match[str]] = []
    first = None
    for span in analysis.WORD.finditer(text, 0, MAX_SCAN):
        spans.append(span)
        if first is None and wanted and _is_match(span.group(), wanted):
            first = len(spans) - 1
        if first is not None and len(spans) >= first + SNIPPET_WORDS - BEFORE:
            break
        if not wanted and len(spans) >= SNIPPET_WORDS:
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


def snippet(texts: Iterable[str], wanted: Wanted) -> Markup:
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
