"""What a page says about itself to link previews and search engines.

``templates/base.html`` writes one ``<meta name="description">`` and the Open Graph tags
(og:title, og:description, og:type, og:url, og:site_name, og:locale) on every page; a page
fills the blocks ``description`` and ``og_type``. og:url is the page's canonical address,
built from ``KB_BASE_URL`` (kb.addresses), never from the request's Host.
"""

from __future__ import annotations

import re

from flask import Flask, current_app, request, url_for
from markupsafe import Markup
from werkzeug.routing import BuildError

# Open Graph wants language_TERRITORY.
OG_LOCALES = {"de": "de_DE", "en": "en_GB"}
# Search engines show about 150–160 characters; previews cut longer texts themselves.
DESCRIPTION_LIMIT = 200
ELLIPSIS = "…"
_WHITESPACE = re.compile(r"\s+")


def canonical_url() -> str:
    """The page's absolute address without its query: what a preview should link to."""
    if request.endpoint and request.url_rule is not None:
        try:
            return url_for(request.endpoint, **(request.view_args or {}), _external=True)
        except BuildError:
            pass
    # No route (a 404): the path asked for, on the configured address.
    return str(current_app.config["KB_BASE_URL"]) + request.path


def meta_text(value: object, limit: int = DESCRIPTION_LIMIT) -> str:
    """One line of at most `limit` characters, cut at a word and ended with "…".

    A rendered block (``self.title()``) comes escaped: it is unescaped here, so that the
    template escapes it exactly once when it writes the attribute.
    """
    plain = value.unescape() if isinstance(value, Markup) else str(value)
    text = _WHITESPACE.sub(" ", plain).strip()
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS) + 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else head[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,;:.–-") + ELLIPSIS


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language)


def init_app(app: Flask) -> None:
    app.add_template_filter(meta_text, "meta_text")
    app.add_template_global(canonical_url, "canonical_url")
    app.add_template_global(og_locale, "og_locale")
