"""The catalogues are complete: every string in the code has a German and an English text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import force_locale, lazy_gettext

ROOT = Path(__file__).parent.parent
TRANSLATIONS = ROOT / "kb" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def load(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def message_ids(catalog: Catalog) -> set[str]:
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalog
        if message.id
    }


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_message_is_translated(extracted: Catalog, language: str) -> None:
    catalog = load(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po")
    missing, fuzzy, broken = [], [], []
    for message in extracted:
        if not message.id:
            continue
        translation = catalog.get(message.id)
        if (
            translation is None
            or not translation.string
            or not all(
                translation.string
                if isinstance(translation.string, tuple)
                else [translation.string]
            )
        ):
            missing.append(message.id)
        elif translation.fuzzy:
            fuzzy.append(message.id)
        else:
            text = (
                translation.string if isinstance(translation.string, str) else translation.string[0]
            )
            source = message.id if isinstance(message.id, str) else message.id[0]
            if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                broken.append(message.id)
    assert not missing, f"{language}: missing translations (run make update-messages): {missing}"
    assert not fuzzy, f"{language}: fuzzy translations: {fuzzy}"
    assert not broken, f"{language}: placeholders differ: {broken}"


def test_english_catalogue_matches_source(extracted: Catalog) -> None:
    catalog = load(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
    for message in extracted:
        if message.id:
            assert catalog.get(message.id).string == message.id


def test_the_check_notices_a_missing_translation(extracted: Catalog) -> None:
    catalog = load(TRANSLATIONS / "de" / "LC_MESSAGES" / "messages.po")
    some_id = sorted(message_ids(extracted))[0]
    catalog.delete(some_id)
    assert catalog.get(some_id) is None


def test_lazy_strings_follow_the_locale_even_when_it_is_forced(app: Flask) -> None:
    # kb.i18n keeps the catalogue per request beside its locale; force_locale() (the
    # JSON-LD of events, the open-data exports) must still get its own language.
    label = lazy_gettext("Log in")
    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert str(label) == "Anmelden"
        with force_locale("en"):
            assert str(label) == "Log in"
        assert str(label) == "Anmelden"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert str(label) == "Log in"
        with force_locale("de"):
            assert str(label) == "Anmelden"
