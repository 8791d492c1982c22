"""Numbers as the reader's language writes them („1.250“, „1,5“), and the count that
chooses a plural form for them.

Messages that put a number next to a noun are plural entries (ngettext): the text
shows `number(n)`, the catalogue chooses by `plural_count(n)`. A core module.
"""

from __future__ import annotations

from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal

from kb.i18n import request_locale


def number(value: int | float | Decimal, locale: Locale | str | None = None) -> str:
    """„1.250“ and „1,5“ in German, "1,250" and "1.5" in English; at most two decimals."""
    return format_decimal(value, format="#,##0.##", locale=locale or request_locale()[0])


def plural_count(value: int | float | Decimal) -> int:
    """The integer ngettext chooses the form by: a fraction reads as plural in German and
    English („1,5 Vollzeitäquivalente“, "1.5 full-time equivalents")."""
    if value == int(value):
        return int(value)
    return 2
