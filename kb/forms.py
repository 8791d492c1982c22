"""Form pieces every feature uses: input filters, fields and widgets in the KERN style."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, cast
from urllib.parse import urlsplit

from flask_babel import LazyString, ngettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DateField, Field, SelectField, SelectMultipleField

# SelectChoice is new in WTForms 3.3; types-WTForms (3.2.1, the newest) does not know it yet.
from wtforms.fields.choices import SelectChoice as SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select

from kb import screening
from kb.numbers import number
from kb.regions import LAENDER
from kb.text import clean_text


def strip_filter(value: Any) -> Any:
    """For single values: drop characters no text needs, and surrounding blanks."""
    return clean_text(value).strip() if isinstance(value, str) else value


def clean_filter(value: Any) -> Any:
    """For long texts (Markdown): clean, but keep leading spaces, which carry meaning."""
    return clean_text(value) if isinstance(value, str) else value


def one_line(value: Any) -> Any:
    """For single-line fields: a crafted POST may still send line breaks; make them spaces."""
    value = strip_filter(value)
    return " ".join(value.split()) if isinstance(value, str) else value


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# Dates people enter: any further out and the calendar, the series and the database
# (a day after 9999-12-31) run out of dates.
MIN_YEAR = 1900
MAX_YEAR = 2999


def check_year(day: date | datetime) -> None:
    """A date out of MIN_YEAR..MAX_YEAR is refused with a message for the field."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(
            str(
                _l(
                    "Please enter a date between the years %(first)s and %(last)s.",
                    first=MIN_YEAR,
                    last=MAX_YEAR,
                )
            )
        )


class DayField(DateField):
    """A date as YYYY-MM-DD (what date inputs send), or typed the German way (01.07.2026),
    with our own message in the reader's language."""

    FORMATS = ("%Y-%m-%d", "%d.%m.%Y")

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        for pattern in self.FORMATS:
            try:
                day = datetime.strptime(text, pattern).date()
            except ValueError:
                continue
            check_year(day)
            self.data = day
            return
        raise ValueError(str(_l("Please enter a date like 2026-07-01.")))


def column_length(attribute: Any) -> int:
    """The length of a model's String column: the one maximum of the field, which forms,
    autosave, preview and import check before anything is stored (PostgreSQL refuses a
    longer value with an error, SQLite would store it)."""
    length = attribute.property.columns[0].type.length
    if not isinstance(length, int):
        raise TypeError(f"{attribute} has no length")
    return length


def at_most_characters(maximum: int) -> LazyString:
    """„Bitte verwenden Sie höchstens 5.000 Zeichen.“: with the number as the reader's
    language writes it and the plural form it needs (WTForms' own %(max)d gives neither).
    The text has no placeholder left when a validator formats it."""
    return LazyString(
        lambda: ngettext(
            "Use at most %(max)s character.",
            "Use at most %(max)s characters.",
            maximum,
            max=number(maximum),
        )
    )


def at_least_characters(minimum: int) -> LazyString:
    return LazyString(
        lambda: ngettext(
            "Use at least %(min)s character.",
            "Use at least %(min)s characters.",
            minimum,
            min=number(minimum),
        )
    )


def between_characters(minimum: int, maximum: int) -> LazyString:
    return LazyString(
        lambda: ngettext(
            "Use between %(min)s and %(max)s character.",
            "Use between %(min)s and %(max)s characters.",
            maximum,
            min=number(minimum),
            max=number(maximum),
        )
    )


def fits(attribute: Any, minimum: int = -1) -> Length:
    """The Length validator of a field stored in `attribute` (a String column)."""
    maximum = column_length(attribute)
    if minimum > 0:
        return Length(min=minimum, max=maximum, message=between_characters(minimum, maximum))
    return Length(max=maximum, message=at_most_characters(maximum))


def over_long(form: Any, names: Iterable[str]) -> bool:
    """Mark each named field whose text is longer than its Length validator allows; True
    if any was. For autosave and preview: they keep or show unfinished text (a required
    field may still be empty) but never more than saving the form would accept."""
    found = False
    for name in names:
        field = form[name]
        length = len(field.data) if isinstance(field.data, str) else 0
        for validator in field.validators:
            if isinstance(validator, Length) and validator.max != -1 and length > validator.max:
                message = validator.message or at_most_characters(validator.max)
                add_error(field, message % {"min": validator.min, "max": validator.max})
                found = True
    return found


def refused(form: Any, names: Iterable[str]) -> bool:
    """What saving would refuse in the named fields, for autosave and preview: text longer
    than the field takes (`over_long`), or a watched word to block (`not_blocked`). Marks
    each such field; True if any was."""
    found = over_long(form, names)
    for name in names:
        field = form[name]
        if field.errors or not_blocked not in field.validators:
            continue
        message = screening.blocked(field.data) if isinstance(field.data, str) else None
        if message:
            add_error(field, message)
            found = True
    return found


def http_url(form: Any, field: Field) -> None:
    """Only absolute http(s) addresses: no javascript:, data: or relative links."""
    if not field.data:
        return
    parts = urlsplit(field.data)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in field.data:
        raise ValidationError(
            str(_l("Please enter a web address starting with https:// (or http://)."))
        )


def not_blocked(form: Any, field: Field) -> None:
    """Refuse a text with a watched word to block (kb.screening): the message says which
    rule, next to the field, and nothing is stored."""
    if isinstance(field.data, str):
        message = screening.blocked(field.data)
        if message:
            raise ValidationError(message)


def add_error(field: Field, message: object) -> None:
    """Mark the field with one more message (after validation, by a check across fields)."""
    field.errors = [*field.errors, str(message)]


def offered_values(field: SelectField) -> set[Any]:
    """The values among the field's options (its choices are SelectChoice objects, which
    types-WTForms does not know; iter_choices() yields them as typed tuples)."""
    return {value for value, _label, _selected, _render_kw in field.iter_choices()}


def choices(labels: Mapping[str, LazyString]) -> list[SelectChoice]:
    """Options of a select or radio field from value -> label."""
    return [SelectChoice(str(value), label) for value, label in labels.items()]


def with_all(label: LazyString, options: list[SelectChoice]) -> list[SelectChoice]:
    """The options of a filter, after an empty "all" option."""
    return [SelectChoice("", label), *options]


def land_choices() -> list[SelectChoice]:
    return [SelectChoice(land.code, land.name) for land in LAENDER]


class QuickSelect(Select):
    """WTForms' select with the same markup, its plain options written directly.

    WTForms formats each option's attributes through string.Formatter and reads a lazy
    label twice; the five selects of a filter form cost about 1 ms per page this way
    (measured December 2026). Options with attributes of their own take WTForms' path.
    """

    # types-WTForms (3.2.1) still has the signature before WTForms 3.3's Choice.
    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:  # type: ignore[override]
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        label = choice.label
        if label is not None and not isinstance(label, str):
            label = str(label)  # a lazy string, translated once
        # html_params() sorts the attributes: "selected" comes before "value".
        selected = "selected " if choice.selected else ""
        text = escape(label or choice.value)
        option = f'<option {selected}value="{escape(choice.value)}">{text}</option>'
        return Markup(option)  # noqa: S704  (value and label are escaped above)


QUICK_SELECT = QuickSelect()


def quick_select(field: Any, **attributes: Any) -> Markup:
    """`field(**attributes)`, with QuickSelect for a single select with WTForms' own widget.

    Only this bound field (of this form, this request) gets the widget.
    """
    if type(field.widget) is Select and not field.widget.multiple:
        field.widget = QUICK_SELECT
    return cast(Markup, field(**attributes))
