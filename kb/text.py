"""Small text helpers shared by features."""

from __future__ import annotations

import re
import unicodedata

GERMAN_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "Ss"}
)


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII slug, German transliteration: "Grüße aus Köln" -> "gruesse-aus-koeln"."""
    text = text.translate(GERMAN_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text[:max_length].rstrip("-")


# Control characters (but tab, line feed, carriage return), surrogates and the two
# noncharacters XML forbids: they mean nothing in a text, and break feeds and PostgreSQL.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Remove characters no user text needs and XML or PostgreSQL cannot store."""
    return _UNWANTED.sub("", value)
