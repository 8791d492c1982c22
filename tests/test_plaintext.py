"""Markdown as readable plain text (kb/plaintext.py): what calendars and JSON-LD show."""

from __future__ import annotations

import re

import pytest

from kb.markdown import MAX_DELIMITERS, render_markdown, text_of_html
from kb.plaintext import markdown_to_text

_WHITESPACE = re.compile(r"\s+")
BASE = "https://amtsnetz.example/events/stammtisch"
# What Markdown markup or HTML would look like in the text.
MARKUP = re.compile(r"\*\*|__|~~|`|\]\(|^#+ |^> |<[a-z/][^>]*>", re.MULTILINE)


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("", ""),
        ("Ein Satz.", "Ein Satz."),
        ("Erster Absatz.\n\nZweiter Absatz.", "Erster Absatz.\n\nZweiter Absatz."),
        ("Zeile eins\nZeile zwei", "Zeile eins Zeile zwei"),  # wrapped source: one line
        ("Zeile eins  \nZeile zwei", "Zeile eins\nZeile zwei"),  # a hard break
        ("Zeile eins\\\nZeile zwei", "Zeile eins\nZeile zwei"),
        ("**fett**, *kursiv*, ~~weg~~ und `code`", "fett, kursiv, weg und code"),
        ("## Ablauf\n\nText", "Ablauf\n\nText"),
        ("- eins\n- zwei\n- drei", "- eins\n- zwei\n- drei"),
        ("* eins\n+ zwei", "- eins\n\n- zwei"),  # two lists
        ("1. eins\n2. zwei", "1. eins\n2. zwei"),
        ("3. drei\n4. vier", "3. drei\n4. vier"),  # the list's own start
        ("- eins\n  - innen\n  - auch\n- zwei", "- eins\n  - innen\n  - auch\n- zwei"),
        ("1. eins\n\n   mehr dazu\n2. zwei", "1. eins\n\n   mehr dazu\n\n2. zwei"),
        ("[Anmeldung](https://x.example/a)", "Anmeldung (https://x.example/a)"),
        ("<https://x.example/a>", "https://x.example/a"),
        ("[https://x.example/a](https://x.example/a)", "https://x.example/a"),
        ("[Schreiben Sie uns](mailto:team@x.example)", "Schreiben Sie uns (team@x.example)"),
        ("[Programm](/events/programm)", "Programm (https://amtsnetz.example/events/programm)"),
        ("![Lageplan](https://x.example/plan.png)", "Lageplan (https://x.example/plan.png)"),
        ("[böse](javascript:alert(1))", "[böse](javascript:alert(1))"),  # as typed, no link
        ("> Zitat\n> weiter\n>\n> Absatz", "  Zitat weiter\n\n  Absatz"),
        ("```\nline 1\n  line 2\n```", "line 1\n  line 2"),
        ("| A | B |\n|---|---|\n| 1 | 2 |", "A | B\n1 | 2"),
        ("Davor\n\n---\n\nDanach", "Davor\n\nDanach"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # text, shown as typed
        ("Tom &amp; Jerry", "Tom & Jerry"),  # an entity means its character, once
    ],
)
def test_markdown_becomes_readable_text(markdown: str, text: str) -> None:
    assert markdown_to_text(markdown, BASE) == text


def test_a_realistic_description_keeps_its_structure_without_markup() -> None:
    markdown = (
        "# Social-Media-Stammtisch\n\n"
        "Wir treffen uns **jeden ersten Donnerstag**. Themen:\n\n"
        "1. Erfahrungen mit *Mastodon*\n"
        "2. [Netiquette](https://x.example/netiquette) für Kommentare\n\n"
        "Bitte melden Sie sich [hier](https://x.example/anmeldung) an."
    )
    text = markdown_to_text(markdown, BASE)

    assert text == (
        "Social-Media-Stammtisch\n\n"
        "Wir treffen uns jeden ersten Donnerstag. Themen:\n\n"
        "1. Erfahrungen mit Mastodon\n"
        "2. Netiquette (https://x.example/netiquette) für Kommentare\n\n"
        "Bitte melden Sie sich hier (https://x.example/anmeldung) an."
    )
    assert not MARKUP.search(text)


def test_relative_links_stay_relative_without_a_base() -> None:
    assert markdown_to_text("[Programm](/events/programm)") == "Programm (/events/programm)"


def test_pathological_input_comes_back_as_typed() -> None:
    markdown = "[" * (MAX_DELIMITERS + 1)
    assert markdown_to_text(markdown) == markdown


@pytest.mark.parametrize("markdown", ["> " * 200 + "tief", "*a " * 5000])
def test_nesting_is_bounded_like_the_html(markdown: str) -> None:
    """Beyond markdown-it's nesting limit the text shows what the HTML shows."""
    text = markdown_to_text(markdown)
    assert _WHITESPACE.sub(" ", text).strip() == text_of_html(render_markdown(markdown))


def test_deeply_nested_lists_stop_at_the_limit() -> None:
    text = markdown_to_text("- " * 200 + "tief")
    assert text.count("-") <= 20  # markdown-it's maxNesting (kb.markdown.MAX_NESTING)
