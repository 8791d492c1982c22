"""The fields and the base form of the sectioned case-study editor."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, StopValidation
from wtforms.widgets import HiddenInput, TextInput

from kb.cases.labels import ANSWER_LABELS, format_fte
from kb.cases.models import CaseRevision, CaseStudy
from kb.forms import choices, clean_filter, fits, not_blocked, one_line

TEXT_MAX = 20_000
TEXT_TOO_LONG = _l("The text is too long (at most 20,000 characters).")


class Present:
    """Required, for fields whose valid value may be falsy (0 FTE) or that only hold data
    (a form checked against what is stored, without a request)."""

    def __init__(self, message: LazyString) -> None:
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is None or field.data == "":
            # A value that could not be read already has its (more precise) message.
            raise StopValidation("" if field.errors else str(self.message))


class YearField(IntegerField):
    """A year as four digits, with our own message in the reader's language."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        if len(text) != 4 or not text.isdigit():
            raise ValueError(str(_l("Please enter a year with four digits, e.g. 2019.")))
        self.data = int(text)


class FteField(Field):
    """Full-time equivalents as a decimal; German (1,5) and English (1.5) both work."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return format_fte(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = (valuelist[0] if valuelist else "").strip().replace(" ", "")
        self.data = None
        if not text:
            return
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValueError(str(_l("Please enter a number, e.g. 1,5.")))
        self.data = value


@dataclass(frozen=True)
class SectionInfo:
    key: str
    number: int
    heading: LazyString
    description: LazyString


class SectionForm(FlaskForm):
    """One section of a case study. Subclasses name the fields they edit in `content`."""

    info: ClassVar[SectionInfo]
    content: ClassVar[tuple[str, ...]]

    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    note = StringField(
        _l("What did you change?"),
        filters=[one_line],
        validators=[Optional(), fits(CaseRevision.note), not_blocked],
    )

    def prepare(self, case: CaseStudy | None) -> None:
        """Set choices that depend on the database or the case."""

    def load(self, case: CaseStudy) -> None:
        """Fill the fields from what is stored."""
        for name in self.content:
            self[name].data = getattr(case, name)
        self.version.data = case.version

    def values(self) -> dict[str, Any]:
        """The validated input as model attributes (see service.apply_section)."""
        return {name: self[name].data for name in self.content}

    def is_empty(self) -> bool:
        return not any(self[name].data for name in self.content)

    def readable(self) -> dict[str, str]:
        """Every field as the text a person reads, for the comparison of a conflict."""
        return {name: readable(self[name]) for name in self.content}

    def labels(self) -> dict[str, str]:
        return {name: str(self[name].label.text) for name in self.content}


def readable(field: Field) -> str:
    if isinstance(field, SelectMultipleField):
        chosen = set(field.data or [])
        return ", ".join(
            str(label)
            for value, label, _selected, _render_kw in field.iter_choices()
            if value in chosen
        )
    if isinstance(field, SelectField | RadioField):
        for value, label, _selected, _render_kw in field.iter_choices():
            if value == field.data:
                return str(label)
        return str(field.data or "")
    if isinstance(field, BooleanField):
        return str(_("Yes") if field.data else _("No"))
    # The text fields' widgets show _value(), which types-WTForms leaves out as private.
    return str(field._value() or "")  # type: ignore[attr-defined]


def markdown_field(label: LazyString, required: LazyString | None = None) -> TextAreaField:
    first = DataRequired(required) if required else Optional()
    return TextAreaField(
        label,
        filters=[clean_filter],
        validators=[first, Length(max=TEXT_MAX, message=TEXT_TOO_LONG), not_blocked],
    )


def answer_field(label: LazyString) -> RadioField:
    return RadioField(label, choices=choices(ANSWER_LABELS), default="unknown")
