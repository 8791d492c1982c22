"""From text to search terms, the same way for documents and queries, on both engines.

Each word is folded (lower case; ä, ö, ü, ß and their transliterations ae, oe, ue, ss
become one form; other accents dropped), stop words are left out, and the word is
indexed by its German and its English Snowball stem (PyStemmer), so inflected forms
find each other in both languages. Long words are split into their parts with
wordninja-pp's German word-frequency model, and the parts are indexed too, so
"Datenschutz" finds "Datenschutzbeauftragte" and "Krise" finds "Krisenkommunikation".

The analysis runs in Python for SQLite and PostgreSQL alike, so both engines hold the
same terms and give the same answers.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import Stemmer

MAX_WORD = 40  # longer "words" are noise (hashes, long links): not indexed
MIN_COMPOUND = 10  # only words this long are split into parts
MIN_PART = 4  # and only parts this long are indexed
# Linking elements between the parts of a German compound ("Veranstaltung-s-kalender").
LINKS = frozenset({"s", "es", "n", "en", "e", "er"})
# Endings the compound model cuts off as if they were words ("Bürger-innen"): the rest
# is indexed as a part, the ending is not.
ENDINGS = frozenset({"innen", "schaft", "schaften", "heit", "keit", "ungen", "lich", "isch"})
MIN_VOCABULARY = 4  # shorter words are never suggested as a correction

# Letters and digits; a word may not start with a digit-only run longer than the word.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
_GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})

_local = threading.local()


def _stemmers() -> tuple[Any, Any]:
    """PyStemmer objects are not thread-safe: one pair per thread."""
    pair = getattr(_local, "stemmers", None)
    if pair is None:
        pair = _local.stemmers = (Stemmer.Stemmer("german"), Stemmer.Stemmer("english"))
    return pair


@cache
def stop_words() -> frozenset[str]:
    text = resources.files("kb.search").joinpath("stopwords.txt").read_text("utf-8")
    return frozenset(
        fold(line) for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def fold(word: str) -> str:
    """Lower case, German umlauts and ß transliterated, other accents dropped."""
    word = word.lower().translate(_GERMAN_FOLD)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Word:
    """A word of a text as written (lower case) and folded."""

    original: str
    folded: str


def words(text: str) -> Iterator[Word]:
    """The words of a text, without stop words and noise."""
    for match in WORD.finditer(unicodedata.normalize("NFC", text)):
        word = _word(match.group().lower())
        if word is not None:
            yield word


@lru_cache(maxsize=200_000)
def _word(original: str) -> Word | None:
    if len(original) > MAX_WORD:
        return None
    folded = fold(original)
    if not folded.isalnum() or not folded.isascii() or folded in stop_words():
        return None
    return Word(original, folded)


@lru_cache(maxsize=200_000)
def stems(folded: str) -> tuple[str, ...]:
    """The German and the English stem of a folded word (one if they agree)."""
    german, english = _stemmers()
    de = german.stemWord(folded)
    en = english.stemWord(folded)
    return (de,) if de == en else (de, en)


@cache
def _splitter() -> Any:
    import wordninja

    return wordninja.LanguageModel("de")


@lru_cache(maxsize=200_000)
def parts(original: str) -> tuple[str, ...]:
    """The folded parts of a compound word ("datenschutzbeauftragte" → "datenschutz",
    "beauftragte"), or nothing for a word that is not one."""
    if len(original) < MIN_COMPOUND or not original.isalpha():
        return ()
    model = _splitter()
    pieces = [piece for piece in model.split(original) if piece not in LINKS]
    if len(pieces) < 2:
        # A compound the model knows as one word ("stadtverwaltung"): its head and tail.
        pieces = _head_and_tail(original, model._wordcost)
    # A split into short pieces is a guess at an unknown word ("comm", "uni", "ties"),
    # not a compound: only words made of real words count.
    if len(pieces) < 2 or any(len(piece) < MIN_PART for piece in pieces):
        return ()
    pieces = [piece for piece in pieces if piece not in ENDINGS]
    stop = stop_words()
    found = []
    for piece in pieces:
        folded = fold(piece)
        if len(folded) >= MIN_PART and folded not in stop:
            found.append(folded)
    return tuple(found)


def _head_and_tail(word: str, costs: dict[str, float]) -> list[str]:
    """The likeliest split of `word` into two known words (with a linking element)."""
    best: tuple[float, list[str]] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        if tail not in costs:
            continue
        for link in ("", *LINKS):
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)]
            if len(stem) >= MIN_PART and stem in costs:
                cost = costs[stem] + costs[tail]
                if best is None or cost < best[0]:
                    best = (cost, [stem, tail])
    return best[1] if best else []


@lru_cache(maxsize=200_000)
def word_terms(word: Word) -> tuple[str, ...]:
    """The index terms of one word: its stems and the stems of its parts."""
    terms = list(stems(word.folded))
    for part in parts(word.original):
        for stem in stems(part):
            if stem not in terms:
                terms.append(stem)
    return tuple(terms)


@lru_cache(maxsize=200_000)
def _vocabulary_words(word: Word) -> tuple[str, ...]:
    found = [word.folded, *parts(word.original)]
    return tuple(w for w in found if len(w) >= MIN_VOCABULARY and not w.isdigit())


def analyse(text: str, vocabulary: set[str]) -> str:
    """The index terms of a text, space-separated, in the order of its words; its
    folded words and compound parts go into `vocabulary`, which spelling suggestions
    choose from."""
    found: list[str] = []
    for word in words(text):
        found.extend(word_terms(word))
        vocabulary.update(_vocabulary_words(word))
    return " ".join(found)
