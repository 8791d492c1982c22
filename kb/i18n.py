"""Language selection: an explicit choice (the switcher's cookie) beats Accept-Language."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from babel.support import NullTranslations
from flask import Flask, current_app, has_request_context, request
from flask_babel import (
    Domain,
    _get_current_context,  # the context force_locale() changes
    get_locale,
    get_timezone,
    get_translations,
)
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from kb.extensions import babel

LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}


def select_locale() -> str:
    if not has_request_context():  # command line, background work: the default language
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    locales = current_app.config["KB_LOCALES"]
    chosen = request.cookies.get(current_app.config["KB_LANGUAGE_COOKIE"])
    if chosen and chosen in locales:
        return chosen
    return str(
        request.accept_languages.best_match(locales) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


TRANSLATIONS_KEY = "kb.translations"


def request_translations() -> NullTranslations:
    """The request's catalogue, looked up once per request.

    Flask-Babel caches it too, but reaching that cache costs several context lookups for
    every string, about half the time of rendering a page.
    """
    if not has_request_context():
        return _flask_babel_translations()
    environ = request.environ
    translations: NullTranslations | None = environ.get(TRANSLATIONS_KEY)
    if translations is None:
        translations = environ[TRANSLATIONS_KEY] = _flask_babel_translations()
    return translations


class RequestDomain(Domain):  # type: ignore[misc]  # Flask-Babel ships no types
    """Flask-Babel's message domain, with the catalogue kept beside the locale it is for.

    Every lazy string (form labels, choices, the label tables of the features) is
    translated anew each time it is written out, and Flask-Babel looks up the locale
    and its catalogue for each: several context lookups and a locale name built per
    string (keeping them saved 7-10 % of the events, cases and start pages, measured
    for a member in December 2026). The catalogue found is kept on
    Flask-Babel's own request context together with the locale object it belongs to,
    so force_locale() (which sets another locale object) is still obeyed.
    """

    def get_translations(self) -> Any:
        context = _get_current_context()
        if context is None:
            return super().get_translations()
        locale = getattr(context, "babel_locale", None)
        kept = getattr(context, "kb_translations", None)
        if kept is not None and locale is not None and kept[0] is locale:
            return kept[1]
        translations = super().get_translations()
        # get_translations() has chosen the request's locale if none was set yet.
        context.kb_translations = (getattr(context, "babel_locale", None), translations)
        return translations


def _flask_babel_translations() -> NullTranslations:
    # Flask-Babel ships no types; its catalogue is a babel.support.Translations.
    translations: NullTranslations = get_translations()
    return translations


LOCALE_KEY = "kb.locale"


def request_locale() -> tuple[Locale, tzinfo]:
    """The request's locale and time zone, looked up once per request (see above)."""
    if not has_request_context():
        return get_locale() or Locale.parse("de"), get_timezone()
    environ = request.environ
    cached = environ.get(LOCALE_KEY)
    if cached is None:
        cached = environ[LOCALE_KEY] = (get_locale() or Locale.parse("de"), get_timezone())
    return cached


def current_language() -> str:
    return request_locale()[0].language


# Jinja's newstyle wrappers escape and fill in the variables; these only look up.
def template_gettext(message: str) -> str:
    return request_translations().ugettext(message)


def template_ngettext(singular: str, plural: str, number: int) -> str:
    return request_translations().ungettext(singular, plural, number)


@pass_context
def template_ngettext_counted(
    context: Context, singular: str, plural: str, count: int, /, **variables: Any
) -> str:
    """Jinja's newstyle ngettext, with `num` written as the language writes numbers
    („1.250“, "1,250"); a template may still pass its own `num`."""
    variables.setdefault(
        "num", format_decimal(count, format="#,##0.##", locale=request_locale()[0])
    )
    text = context.call(template_ngettext, singular, plural, count)
    if context.eval_ctx.autoescape:
        # The catalogue's text is ours, as in Jinja's own wrapper; the variables get escaped.
        text = Markup(text)  # noqa: S704
    result: str = text % variables
    return result


def machine_time(value: datetime) -> str:
    """A datetime for <time datetime=...>: UTC to the second, which the HTML spec accepts."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def machine_date(value: date) -> str:
    """A date for <time datetime=...> next to a date shown by kb.datetimes: the same day.

    A UTC instant would name the day before for whatever starts at local midnight.
    """
    if isinstance(value, datetime):
        value = value.astimezone(request_locale()[1]).date()
    return value.isoformat()


def init_app(app: Flask) -> None:
    app.add_template_filter(machine_time, "machinetime")
    app.add_template_filter(machine_date, "machinedate")
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel builds its domain once per Babel object (a cached property).
    babel.domain_instance = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        template_gettext, template_ngettext, newstyle=True
    )
    app.jinja_env.globals["ngettext"] = template_ngettext_counted

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {"current_locale": str(request_locale()[0]), "language_names": LANGUAGE_NAMES}
