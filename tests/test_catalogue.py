"""The catalogue's wording rules that a machine can check.

Numbers meet nouns through plural forms: "1 rows" / „1 Zeilen“ is what a message
without them prints. The rule, on the messages extracted from the code now (so a new
string cannot slip through) and on the German catalogue:

- a message with a ``%(count)…`` or ``%(num)…`` placeholder is a plural entry, unless the
  placeholder stands alone in brackets as a tally ("Comments (%(count)d)");
- a message in which any number placeholder (``%(…)d`` or a name that counts things) is
  followed by a word other than a function word ("of", "and", …) is a plural entry.

Typography in German: a non-breaking space inside „z. B.“ and after „§“ and „Art.“ before
their number, so they never break across lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).parent.parent
GERMAN = ROOT / "kb" / "translations" / "de" / "LC_MESSAGES" / "messages.po"

PLACEHOLDER = re.compile(r"%\((\w+)\)([sdif])")
# Placeholder names that hold a number of things.
COUNT_NAMES = {
    "count",
    "num",
    "total",
    "rows",
    "lines",
    "fte",
    "seconds",
    "minutes",
    "hours",
    "days",
    "min",
    "max",
    "present",
    "authorities",
    "accounts",
    "problems",
    "words",
    "characters",
}
# Words that may follow a number without being the noun it counts.
FUNCTION_WORDS = {
    "of",
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "from",
    "until",
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "bis",
    "von",
    "und",
    "oder",
}
NUMBER_THEN_WORD = re.compile(r"%\((\w+)\)([sdif])[ \u00a0]+([A-Za-zÄÖÜäöüß-]+)")
TALLY = re.compile(r"\(%\((count|num)\)[sd]\)")


def is_count(name: str, conversion: str) -> bool:
    return (
        conversion in "dif"
        or name in COUNT_NAMES
        or name.endswith(("_count", "_created", "_updated"))
    )


def needs_plural(text: str, german: bool = False) -> str | None:
    """Why `text` needs plural forms, or None.

    In German a number is often followed by a verb („Version %(number)d wiederherstellen“),
    but a noun after it is always capitalised: there, only capitalised words count.
    """
    for name, _conversion in PLACEHOLDER.findall(TALLY.sub("", text)):
        if name in ("count", "num"):
            return f"%({name}) placeholder"
    for name, conversion, word in NUMBER_THEN_WORD.findall(text):
        if not is_count(name, conversion):
            continue
        noun = word[0].isupper() if german else word.lower() not in FUNCTION_WORDS
        if noun:
            return f"%({name}) before “{word}”"
    return None


def singular_messages(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id and isinstance(m.id, str)]


@pytest.fixture(scope="module")
def german() -> Catalog:
    with GERMAN.open("rb") as handle:
        return read_po(handle, locale="de")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%(count)s problems in %(lines)s rows; nothing was imported.", True),
        ("%(fte)s full-time equivalents", True),
        ("At most %(max)d characters.", True),
        ("%(level)s: %(present)s of %(total)s authorities (%(share)s)", True),
        ("Comments (%(count)d)", False),
        ("%(present)s of %(total)s", False),
        ("Page %(page)d of %(pages)d", False),
        ("%(name)s commented on “%(title)s”.", False),
        ("Version %(number)d", False),
    ],
)
def test_the_rule_tells_number_noun_messages(text: str, expected: bool) -> None:
    assert (needs_plural(text) is not None) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("%(fte)s Vollzeitäquivalente", True),
        ("Höchstens %(max)d Zeichen.", True),
        ("Version %(number)d wiederherstellen", False),
        ("Bitte geben Sie ein Jahr zwischen %(first)d und %(last)d ein.", False),
        ("Kommentare (%(count)d)", False),
    ],
)
def test_the_rule_reads_german_word_order(text: str, expected: bool) -> None:
    assert (needs_plural(text, german=True) is not None) is expected


def test_no_number_noun_message_lacks_plural_forms(extracted: Catalog) -> None:
    offending = {m.id: needs_plural(m.id) for m in singular_messages(extracted)}
    offending = {text: why for text, why in offending.items() if why}
    assert offending == {}


def test_no_german_text_puts_a_number_next_to_a_noun_without_plural_forms(
    german: Catalog,
) -> None:
    offending = {
        m.id: why
        for m in singular_messages(german)
        if isinstance(m.string, str) and (why := needs_plural(m.string, german=True))
    }
    assert offending == {}


def test_the_plural_entries_have_both_german_forms(german: Catalog) -> None:
    incomplete = [
        m.id[0]
        for m in german
        if isinstance(m.id, tuple) and not (isinstance(m.string, tuple) and all(m.string))
    ]
    assert incomplete == []


# Typography ----------------------------------------------------------------------------

# "z. B." with an ordinary space inside, "§ 5" / "Art. 6" with an ordinary space before
# the number (or "§§ 5").
LOOSE_ZB = re.compile(r"\bz\. B\.")
LOOSE_SECTION = re.compile(r"(§§?|\bArt\.) (?=\d)")


def loose_spaces(text: str) -> list[str]:
    return LOOSE_ZB.findall(text) + LOOSE_SECTION.findall(text)


@pytest.mark.parametrize(
    ("text", "loose"),
    [
        ("z. B. 01.07.2026", True),
        ("z.\u00a0B. 01.07.2026", False),
        ("nach § 5 DDG", True),
        ("nach §\u00a05 DDG", False),
        ("Art. 6 Abs. 1 DSGVO", True),
        ("Art.\u00a06 Abs. 1 DSGVO", False),
        ("Start (z.\u00a0B. im Juli)", False),
    ],
)
def test_the_typography_rule_tells_ordinary_spaces(text: str, loose: bool) -> None:
    assert bool(loose_spaces(text)) is loose


def german_texts(catalog: Catalog) -> list[tuple[str, str]]:
    texts = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        key = message.id if isinstance(message.id, str) else message.id[0]
        texts.extend((key, text) for text in strings if text)
    return texts


def test_german_abbreviations_and_section_signs_do_not_break(german: Catalog) -> None:
    loose = [key for key, text in german_texts(german) if loose_spaces(text)]
    assert loose == []
