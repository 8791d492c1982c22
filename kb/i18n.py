"""Language selection: an explicit choice (the switcher's cookie) beats Accept-Language."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request
from flask_babel import get_locale

from kb.extensions import babel

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}


def select_locale() -> str:
    locales = current_app.config["KB_LOCALES"]
    chosen = request.cookies.get(current_app.config["KB_LANGUAGE_COOKIE"])
    if chosen in locales:
        return chosen
    return (
        request.accept_languages.best_match(locales) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def language_context() -> dict[str, Any]:
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {"current_locale": locale, "language_names": LANGUAGE_NAMES}
