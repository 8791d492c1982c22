"""The list's facet form of case studies."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectField

from kb.cases import service
from kb.directory import Level
from kb.forms import SelectChoice


class FacetForm(Form):
    """The list's facets, read from the query string (no CSRF: it changes nothing)."""

    level = SelectField(_l("Level"), validate_choice=False, default="")
    land = SelectField(_l("Land"), validate_choice=False, default="")
    platform = SelectField(_l("Platform"), validate_choice=False, default="")
    topic = SelectField(_l("Topic"), validate_choice=False, default="")
    year = SelectField(_l("Active in year"), validate_choice=False, default="")

    ALL_LABELS: ClassVar[dict[str, LazyString]] = {
        "level": _l("All levels"),
        "land": _l("All Länder"),
        "platform": _l("All platforms"),
        "topic": _l("All topics"),
        "year": _l("Any year"),
    }

    def query(self, after: str | None, known: dict[str, set[str]]) -> service.CaseQuery:
        """The valid filters; a wrong value is dropped and marked (shown next to the field).

        `known` holds the values each of land, platform and topic can take.
        """
        known = {**known, "level": {level.value for level in Level}}
        values: dict[str, Any] = {}
        for name in ("level", "land", "platform", "topic"):
            data = (self[name].data or "").strip()
            values[name] = data if data in known[name] else None
            if data and values[name] is None:
                self[name].errors = [str(_l("Unknown value; showing all."))]
        year_text = (self.year.data or "").strip()
        values["year"] = None
        if year_text:
            if len(year_text) == 4 and year_text.isdigit():
                values["year"] = int(year_text)
            else:
                self.year.errors = [str(_l("Unknown value; showing all."))]
        return service.CaseQuery(**values, after=after)

    def offer(self, facets: service.Facets) -> None:
        """Put each facet's options with their counts into the selects."""
        for field in (self.level, self.land, self.platform, self.topic, self.year):
            options = getattr(facets, field.short_name)
            field.choices = [
                SelectChoice("", self.ALL_LABELS[field.short_name]),
                *[
                    SelectChoice(
                        option.value,
                        _("%(label)s (%(count)d)", label=option.label, count=option.count),
                    )
                    for option in options
                ],
            ]
