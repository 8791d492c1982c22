"""What a hit shows of its text: the words that matched marked, everything escaped."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from kb.search import analysis

SNIPPET_WORDS = 32
MAX_SCAN = 20_000  # characters of a text looked through for a match


def _matches(word: str, wanted: set[str]) -> bool:
    lower = word.lower()
    folded = analysis.fold(lower)
    if not (folded.isascii() and folded.isalnum()):
        return False
    return not wanted.isdisjoint(analysis.word_terms(analysis.Word(lower, folded)))


def _marked(text: str, wanted: set[str]) -> tuple[list[str], int | None]:
    """The text as escaped pieces (words and what lies between) with matches marked,
    and the index of the first marked piece."""
    pieces: list[str] = []
    first = None
    end = 0
    for match in analysis.WORD.finditer(text):
        if match.start() > end:
            pieces.append(str(escape(text[end : match.start()])))
        word = match.group()
        if wanted and _matches(word, wanted):
            if first is None:
                first = len(pieces)
            pieces.append(f"<mark>{escape(word)}</mark>")
        else:
            pieces.append(str(escape(word)))
        end = match.end()
    if end < len(text):
        pieces.append(str(escape(text[end:])))
    return pieces, first


def highlight(text: str, wanted: set[str]) -> Markup:
    pieces, _first = _marked(text, wanted)
    return Markup("".join(pieces))  # noqa: S704  (every piece is escaped above)


def snippet(texts: Iterable[str], wanted: set[str]) -> Markup:
    """About SNIPPET_WORDS words around the first match in the first text that has one
    (or the start of the first text)."""
    fallback = None
    for text in texts:
        if not text:
            continue
        text = " ".join(text[:MAX_SCAN].split())
        pieces, first = _marked(text, wanted)
        if fallback is None:
            fallback = pieces
        if first is not None:
            return _window(pieces, first)
    return _window(fallback or [], 0)


def _window(pieces: list[str], first: int) -> Markup:
    # Pieces alternate between words and the spaces or punctuation between them.
    span = 2 * SNIPPET_WORDS
    start = max(0, first - span // 4)
    end = min(len(pieces), start + span)
    text = "".join(pieces[start:end]).strip()
    if start > 0:
        text = "… " + text
    if end < len(pieces):
        text += " …"
    return Markup(text)  # noqa: S704  (built from escaped pieces)
