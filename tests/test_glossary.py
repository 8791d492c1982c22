"""One term per concept: no catalogue entry uses a word docs/glossary.md retired, and the
topics every installation starts with have names without "&" or "/"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kb.taxonomy import TOPICS

ROOT = Path(__file__).parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
GERMAN = ROOT / "kb" / "translations" / "de" / "LC_MESSAGES" / "messages.po"

QUOTED = {"de": re.compile(r"„([^“]+)“"), "en": re.compile(r'"([^"]+)"')}
RETIRED_LINE = re.compile(r"^- Retired \((de|en)\): (.+)$", re.MULTILINE)
APPROVED = re.compile(r"\*\*([^*]+)\*\*")

# Messages (by English source string) whose text may use a retired word, each with its
# reason.
ALLOWED = {
    # WhatsApp calls its broadcast feature a channel („Kanal“); the address really is one.
    "A WhatsApp address is a channel (whatsapp.com/channel/…) or a wa.me link.",
}


def retired_words(language: str) -> list[str]:
    text = GLOSSARY.read_text(encoding="utf-8")
    words = []
    for found_language, items in RETIRED_LINE.findall(text):
        if found_language == language:
            words += QUOTED[language].findall(items)
    return words


def approved_terms() -> list[str]:
    """The glossary's approved terms (in bold): a retired word inside one of them is fine,
    e.g. „Anmeldung“ in „Anmeldung zur Veranstaltung“."""
    return APPROVED.findall(GLOSSARY.read_text(encoding="utf-8"))


def word(term: str) -> re.Pattern[str]:
    # Whole words: not inside a longer word and not the tail of a compound
    # („Social-Media-Konto vorschlagen“ is not „Konto vorschlagen“).
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w])")


def uses(text: str, retired: list[str], approved: list[str]) -> list[str]:
    for term in approved:
        if any(word in term and word != term for word in retired):
            text = text.replace(term, "\0")
    return [term for term in retired if word(term).search(text)]


def catalogue() -> Catalog:
    with GERMAN.open("rb") as handle:
        return read_po(handle)


def texts(strings: object) -> tuple[str, ...]:
    if isinstance(strings, str):
        return (strings,)
    return tuple(string for string in strings or () if string)  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_glossary_names_retired_words(language: str) -> None:
    # The parser found the lists (a changed layout must not make the test pass vacuously).
    expected = {"de": ["Zensus", "Slug", "Land", "Anmeldung"], "en": ["slug", "Conflict"]}
    assert set(expected[language]) <= set(retired_words(language))


def test_no_german_text_uses_a_retired_word() -> None:
    retired, approved = retired_words("de"), approved_terms()
    offenders = {
        string: found
        for message in catalogue()
        if message.id
        for string in texts(message.string)
        if message.id not in ALLOWED and (found := uses(string, retired, approved))
    }
    assert offenders == {}


def test_no_english_source_string_uses_a_retired_word() -> None:
    retired, approved = retired_words("en"), approved_terms()
    offenders = {
        string: found
        for message in catalogue()
        if message.id
        for string in texts(message.id)
        if message.id not in ALLOWED and (found := uses(string, retired, approved))
    }
    assert offenders == {}


def test_the_check_finds_retired_words_and_spares_approved_terms() -> None:
    retired, approved = retired_words("de"), approved_terms()
    assert uses("Zum Zensus", retired, approved) == ["Zensus"]
    assert uses("Wählen Sie das Land.", retired, approved) == ["Land"]
    assert uses("Den Link gibt es nach der Anmeldung.", retired, approved) == ["Anmeldung"]
    assert uses("Anmeldung zur Veranstaltung", retired, approved) == []
    assert uses("Wählen Sie das Bundesland.", retired, approved) == []
    assert uses("Social-Media-Konto vorschlagen: %(name)s", retired, approved) == []
    assert uses("Konto vorschlagen: %(name)s", retired, approved) == ["Konto vorschlagen"]


@pytest.mark.parametrize(("slug", "german", "english"), TOPICS)
def test_topic_names_have_no_ampersand_or_slash(slug: str, german: str, english: str) -> None:
    for name in (german, english):
        assert "&" not in name and "/" not in name, name
