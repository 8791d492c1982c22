"""The text of the synthetic entries and events (tests/bench/synthetic.py): varied German
from tests/bench/vocabulary_de.txt with Zipf-like word frequencies, deterministic per seed,
and stored HTML that is exactly what the Markdown renderer makes of it."""

from __future__ import annotations

import importlib.util
import re
import statistics
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kb.articles.models import Article
from kb.events.models import Event
from kb.extensions import db
from kb.markdown import reading_minutes, render_markdown

BENCH = Path(__file__).resolve().parent / "bench"
TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@pytest.fixture(scope="module")
def synthetic() -> ModuleType:
    """The module as `flask demo` loads it: by its path, not as a package."""
    spec = importlib.util.spec_from_file_location("synthetic_under_test", BENCH / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def texts(synthetic: ModuleType, count: int, seed: int | str = "test") -> list[Any]:
    generator = synthetic.TextGenerator(seed)
    return [generator.text() for _ in range(count)]


def tokens(text: Any) -> list[str]:
    whole = f"{text.title} {text.summary} {text.body}"
    return TOKEN.findall(whole.lower())


def squeeze(html: str) -> str:
    return " ".join(html.split())


# --- the vocabulary -------------------------------------------------------------------------


def test_vocabulary_is_large_clean_and_of_the_field(synthetic: ModuleType) -> None:
    words = synthetic.vocabulary()
    assert len(words) >= 1500
    assert len(set(words)) == len(words), "a word twice would skew its frequency"
    # Letters, hyphens within compounds, a space within a few fixed terms; nothing that
    # Markdown or HTML would read as markup.
    assert all(re.fullmatch(r"[^\W\d_]+(?:[- ][^\W\d_]+)*", word) for word in words)
    assert words[:3] == ["die", "der", "und"]  # function words lead, as in real German
    assert "Social Media" in words[:10]
    for word in (
        "Datenschutzbeauftragte",
        "Krisenkommunikation",
        "Bürgerservice",
        "Öffentlichkeitsarbeit",
        "Veranstaltungskalender",
        "Social-Media-Team",
        "Netiquette",
        "Hassrede",
        "Barrierefreiheit",
        "Straße",
        "Community",
        "Engagement",
    ):
        assert word in words, word
    assert sum(len(word) >= 15 and " " not in word for word in words) >= 300  # compounds
    assert sum(bool(re.search("[äöüßÄÖÜ]", word)) for word in words) >= 200


# --- generated text -------------------------------------------------------------------------


def test_texts_differ_between_entries(synthetic: ModuleType) -> None:
    generated = texts(synthetic, 200)
    assert len({text.title for text in generated}) == 200
    assert len({text.summary for text in generated}) == 200
    assert len({text.body for text in generated}) == 200
    first = generated[0]
    assert 4 <= len(first.title.split()) <= 10  # a fixed term may add a word
    assert first.summary.endswith(".") and first.summary[0].isupper()
    paragraphs = first.body.split("\n\n")
    assert 3 <= len(paragraphs) <= 6
    assert all(paragraph.count(". ") >= 2 for paragraph in paragraphs)


def test_word_frequencies_are_skewed_like_real_text(synthetic: ModuleType) -> None:
    generated = texts(synthetic, 400)
    documents: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    for text in generated:
        words = tokens(text)
        occurrences.update(words)
        documents.update(set(words))

    def share(word: str) -> float:
        return documents[word] / len(generated)

    # The field's commonest words are in most documents, as a search benchmark needs ...
    assert share("social") > 0.9 and share("media") > 0.9
    assert share("behörden") > 0.7
    assert share("kommunikation") > 0.6
    # ... while the median word of the vocabulary is in few.
    single = {word.lower() for word in synthetic.vocabulary() if " " not in word}
    assert statistics.median(share(word) for word in single) < 0.1
    # Zipf: the first word about 10 ** 1.05 times as frequent as the tenth (from words
    # the text does not split or capitalise differently).
    ratio = occurrences["die"] / occurrences["mit"]
    assert 6 < ratio < 20, ratio
    # Most words of the vocabulary do occur somewhere: the tail is not dead weight.
    assert sum(1 for word in single if documents[word]) > 0.6 * len(single)


def test_compounds_and_umlauts_occur(synthetic: ModuleType) -> None:
    words = {word for text in texts(synthetic, 100) for word in tokens(text)}
    assert len({word for word in words if len(word) >= 15}) >= 50
    assert len({word for word in words if re.search("[äöüß]", word)}) >= 50
    assert len({word for word in words if "-" in word}) >= 5
    assert "ß" in "".join(words)


def test_the_same_seed_gives_the_same_text(synthetic: ModuleType) -> None:
    assert texts(synthetic, 20, seed=7) == texts(synthetic, 20, seed=7)
    assert texts(synthetic, 20, seed="entries-0") == texts(synthetic, 20, seed="entries-0")
    assert texts(synthetic, 5, seed=7) != texts(synthetic, 5, seed=8)


def test_html_is_what_markdown_renders(synthetic: ModuleType) -> None:
    for text in texts(synthetic, 20):
        assert squeeze(render_markdown(text.body)) == squeeze(text.body_html)
        assert reading_minutes(text.body) == text.reading_minutes
    # Every word of the vocabulary, at the start of a paragraph and within one.
    words = synthetic.vocabulary()
    paragraphs = [" ".join(words[start : start + 40]) + "." for start in range(0, len(words), 40)]
    paragraphs += [f"{word} und {word}." for word in words]
    body = synthetic.markdown_of(paragraphs)
    assert squeeze(render_markdown(body)) == squeeze(synthetic.html_of(paragraphs))
    assert reading_minutes(body) == synthetic.minutes_of(paragraphs)


def test_titles_and_summaries_fit_their_columns(synthetic: ModuleType) -> None:
    generator = synthetic.TextGenerator(3)
    for _ in range(500):
        assert len(generator.title(40)) <= 40
        assert len(generator.summary(120)) <= 120
    for text in texts(synthetic, 500):
        assert len(text.title) <= 160 and len(text.summary) <= 400


# --- in the database ------------------------------------------------------------------------


def run_demo(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, f"{result.output} {result.exception!r}"
    return result.output


def test_demo_stores_varied_synthetic_text(app: Flask, synthetic: ModuleType) -> None:
    run_demo(app, "--articles", "30", "--events", "20")
    run_demo(app, "--articles", "10", "--events", "5")
    with app.app_context():
        entries = list(
            db.session.scalars(
                select(Article)
                .where(Article.slug.like("synthetischer-eintrag-%"))
                .order_by(Article.id)
            )
        )
        assert [entry.slug for entry in entries] == [
            f"synthetischer-eintrag-{number}" for number in range(1, 41)
        ]
        assert all(entry.title.endswith(" (Demo)") for entry in entries)
        assert len({entry.body for entry in entries}) == 40
        assert all(entry.topics and entry.is_published for entry in entries)
        for entry in entries[:5] + entries[-5:]:
            assert squeeze(render_markdown(entry.body)) == squeeze(entry.body_html)
            assert entry.reading_minutes == reading_minutes(entry.body)
        # Seeded by the number the run starts from: the same command, the same text.
        first, eleventh = (
            synthetic.TextGenerator(seed).text(title_length=153)
            for seed in ("entries-0", "entries-30")
        )
        assert (entries[0].title, entries[0].body) == (f"{first.title} (Demo)", first.body)
        assert entries[30].body == eleventh.body

        events = list(
            db.session.scalars(
                select(Event).where(Event.slug.like("testveranstaltung-%-synthetisch"))
            )
        )
        assert len(events) == 25
        assert len({event.description for event in events}) == 25
        for event in events:
            number = event.slug.split("-")[1]
            assert event.title.startswith(f"Testveranstaltung {number}: ")
            assert event.title.endswith(" (synthetisch)") and len(event.title) <= 160
            assert squeeze(render_markdown(event.description)) == squeeze(event.description_html)
