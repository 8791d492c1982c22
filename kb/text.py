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
