"""The sectioned case-study form (one form per section, each validated on its own) and the
list's facet form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation
from wtforms.widgets import HiddenInput, TextInput

from kb.accounts.forms import clean_filter, strip_filter
from kb.articles.forms import CheckboxList
from kb.authorities.models import Authority, Level, SocialAccount
from kb.cases import service
from kb.cases.models import Budget, CaseStudy, TeamUnit
from kb.events.forms import DayField, one_line
from kb.taxonomy.service import all_platforms, all_topics
from kb.timeutil import utcnow

TEXT_MAX = 20_000
TEXT_TOO_LONG = _l("The text is too long (at most 20,000 characters).")
MIN_YEAR = 1990
FTE_MAX = Decimal("999.99")

TEAM_UNIT_LABELS: dict[str, LazyString] = {
    TeamUnit.PRESS_OFFICE: _l("Press office"),
    TeamUnit.STAFF_UNIT: _l("Staff unit reporting to the head of the authority"),
    TeamUnit.COMMUNICATION: _l("Communication department"),
    TeamUnit.SPECIALIST_UNIT: _l("Specialist department"),
    TeamUnit.IT: _l("IT department"),
    TeamUnit.CITIZEN_SERVICE: _l("Citizen service"),
    TeamUnit.EXTERNAL: _l("External agency"),
    TeamUnit.OTHER: _l("Elsewhere"),
}
BUDGET_LABELS: dict[str, LazyString] = {
    Budget.NONE: _l("No budget of its own"),
    Budget.UNDER_10K: _l("Under €10,000 a year"),
    Budget.FROM_10K: _l("€10,000 to €50,000 a year"),
    Budget.FROM_50K: _l("€50,000 to €250,000 a year"),
    Budget.OVER_250K: _l("Over €250,000 a year"),
    Budget.UNKNOWN: _l("Not stated"),
}
# Same words as the registry uses for the levels.
LEVEL_LABELS: dict[str, LazyString] = {
    Level.FEDERAL: _l("Federal"),
    Level.STATE: _l("Länder"),
    Level.LOCAL: _l("Local"),
    Level.OTHER: _l("Other"),
}
# The legal groundwork is yes, no, or not stated (None in the model).
ANSWER_LABELS: dict[str, LazyString] = {
    "yes": _l("Yes"),
    "no": _l("No"),
    "unknown": _l("Not stated"),
}
ANSWER_VALUES: dict[str, bool | None] = {"yes": True, "no": False, "unknown": None}
LEGAL_FIELDS: dict[str, LazyString] = {
    "dpia_done": _l("Data protection impact assessment (DPIA) done"),
    "joint_controller_agreement": _l("Joint-controller agreement with the platform (Art. 26 GDPR)"),
    "netiquette": _l("Netiquette published"),
    "imprint": _l("Impressum on the accounts"),
}


def _choices(labels: dict[str, LazyString]) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in labels.items()]


def answer(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")  # type: ignore[arg-type]


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
        return service.format_fte(self.data) if self.data is not None else ""

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
        validators=[Optional(), Length(max=200, message=_l("Use at most 200 characters."))],
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
        return ", ".join(str(c.label) for c in field.choices or [] if c.value in chosen)
    if isinstance(field, SelectField | RadioField):
        for choice in field.choices or []:
            if choice.value == field.data:
                return str(choice.label)
        return str(field.data or "")
    if isinstance(field, BooleanField):
        return _("Yes") if field.data else _("No")
    return str(field._value() or "")


# --- 1 Überblick ----------------------------------------------------------------------------


class OverviewForm(SectionForm):
    info = SectionInfo(
        "overview",
        1,
        _l("Overview"),
        _l("What the project is, which authority ran it, and when."),
    )
    content = ("title", "summary", "authority", "start_year", "end_year", "running", "topics")

    title = StringField(
        _l("Title"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please enter a title.")),
            Length(min=3, max=160, message=_l("Use between 3 and 160 characters.")),
        ],
    )
    summary = TextAreaField(
        _l("Summary"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Please summarise the case in one or two sentences.")),
            Length(max=600, message=_l("Use at most 600 characters.")),
        ],
    )
    authority = StringField(
        _l("Authority"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please name the authority from the registry.")),
            Length(max=200, message=_l("Use at most 200 characters.")),
        ],
    )
    start_year = YearField(
        _l("Start year"), validators=[Present(_l("Please enter the year the project started."))]
    )
    end_year = YearField(_l("End year"))
    running = BooleanField(_l("The project is still running"))
    topics = CheckboxList(_l("Topics"), coerce=str, validate_choice=True)

    def prepare(self, case: CaseStudy | None) -> None:
        self.topic_terms = all_topics()
        self.topics.choices = [SelectChoice(term.slug, term.name) for term in self.topic_terms]
        self.chosen_authority: Authority | None = None
        # What is stored counts as chosen, even if the name is no longer unique.
        self.stored_authority = case.authority if case is not None else None

    def load(self, case: CaseStudy) -> None:
        self.title.data = case.title
        self.summary.data = case.summary
        self.authority.data = case.authority.name if case.authority else ""
        self.start_year.data = case.start_year
        self.end_year.data = case.end_year
        self.running.data = case.end_year is None
        self.topics.data = [term.slug for term in case.topics]
        self.version.data = case.version

    def validate_authority(self, field: StringField) -> None:
        text = field.data or ""
        stored = self.stored_authority
        if stored is not None and text in (stored.name, stored.slug):
            self.chosen_authority = stored
            return
        found, ambiguous = service.find_authority(text)
        if ambiguous:
            raise StopValidation(
                _(
                    "Several authorities in the registry have this name. Please choose one "
                    "from the suggestions or enter its short address from the registry."
                )
            )
        if found is None:
            raise StopValidation(
                _(
                    "There is no authority of this name in the registry. Check the spelling, "
                    "use the name or short address shown in the registry, or propose the "
                    "authority there first."
                )
            )
        self.chosen_authority = found

    def validate_start_year(self, field: YearField) -> None:
        this_year = utcnow().year
        if field.data is not None and not MIN_YEAR <= field.data <= this_year:
            raise StopValidation(
                _(
                    "Please enter a year between %(first)d and %(last)d.",
                    first=MIN_YEAR,
                    last=this_year,
                )
            )

    def validate_end_year(self, field: YearField) -> None:
        if field.errors:
            return
        this_year = utcnow().year
        if field.data is None:
            if not self.running.data:
                raise StopValidation(
                    _("Please enter the year the project ended, or tick “still running”.")
                )
            return
        if self.running.data:
            raise StopValidation(
                _("A running project has no end year: leave it empty or untick “still running”.")
            )
        if field.data > this_year:
            raise StopValidation(
                _("The end year cannot be in the future; tick “still running” instead.")
            )
        start = self.start_year.data
        if start is not None and not self.start_year.errors and field.data < start:
            raise StopValidation(_("The end year must not be before the start year."))

    def values(self) -> dict[str, Any]:
        chosen = set(self.topics.data or [])
        return {
            "title": self.title.data,
            "summary": self.summary.data or "",
            "authority": self.chosen_authority,
            "start_year": self.start_year.data,
            "end_year": None if self.running.data else self.end_year.data,
            "topics": [term for term in self.topic_terms if term.slug in chosen],
        }

    def readable(self) -> dict[str, str]:
        texts = super().readable()
        texts["running"] = _("Yes") if self.running.data else _("No")
        return texts


# --- 2 Team & Budget --------------------------------------------------------------------------


class TeamForm(SectionForm):
    info = SectionInfo(
        "team",
        2,
        _l("Team and budget"),
        _l("How many people, where they sit, what it costs, and on which platforms."),
    )
    content = ("team_fte", "team_unit", "team_note", "budget", "platforms", "accounts")

    team_fte = FteField(
        _l("Team size in full-time equivalents (FTE)"),
        validators=[
            Present(
                _l(
                    "Please enter the team size, e.g. 1,5; 0 if nobody works on it as part "
                    "of their post."
                )
            )
        ],
    )
    team_unit = SelectField(
        _l("Where the team sits"),
        choices=[SelectChoice("", _l("Please choose")), *_choices(TEAM_UNIT_LABELS)],
        validators=[Present(_l("Please choose where the team sits."))],
    )
    team_note = StringField(
        _l("More about the team"),
        filters=[one_line],
        validators=[Optional(), Length(max=300, message=_l("Use at most 300 characters."))],
    )
    budget = SelectField(_l("Budget"), choices=_choices(BUDGET_LABELS), default=Budget.UNKNOWN)
    platforms = CheckboxList(_l("Platforms"), coerce=str, validate_choice=True)
    accounts = CheckboxList(_l("Accounts from the registry"), coerce=str, validate_choice=True)

    def prepare(self, case: CaseStudy | None) -> None:
        self.platform_terms = all_platforms()
        self.platforms.choices = [SelectChoice(t.slug, t.name) for t in self.platform_terms]
        authority = case.authority if case is not None else None
        self.account_records: list[SocialAccount] = (
            service.accounts_of(authority) if authority else []
        )
        self.accounts.choices = [
            SelectChoice(str(account.id), service.account_label(account))
            for account in self.account_records
        ]

    def load(self, case: CaseStudy) -> None:
        self.team_fte.data = case.team_fte
        self.team_unit.data = case.team_unit.value if case.team_unit else ""
        self.team_note.data = case.team_note
        self.budget.data = case.budget.value if case.budget else Budget.UNKNOWN.value
        self.platforms.data = [term.slug for term in case.platforms]
        self.accounts.data = [str(account.id) for account in case.accounts]
        self.version.data = case.version

    def validate_team_fte(self, field: FteField) -> None:
        value = field.data
        if value is None:
            return
        if value < 0:
            raise StopValidation(_("The team size cannot be negative."))
        if value > FTE_MAX:
            raise StopValidation(_("Please enter at most 999.99 full-time equivalents."))
        if value != value.quantize(Decimal("0.01")):
            raise StopValidation(_("Use at most two decimal places, e.g. 0,25."))

    def validate_platforms(self, field: CheckboxList) -> None:
        if not field.data and not self.accounts.data:
            raise StopValidation(_("Please tick at least one platform."))

    def is_empty(self) -> bool:
        return self.team_fte.data is None and not self.team_unit.data and not self.platforms.data

    def values(self) -> dict[str, Any]:
        platforms = set(self.platforms.data or [])
        account_ids = set(self.accounts.data or [])
        accounts = [a for a in self.account_records if str(a.id) in account_ids]
        # An account on a platform means the platform is used.
        platforms |= {account.platform.slug for account in accounts}
        return {
            "team_fte": self.team_fte.data,
            "team_unit": TeamUnit(self.team_unit.data),
            "team_note": self.team_note.data or "",
            "budget": Budget(self.budget.data or Budget.UNKNOWN),
            "platforms": [term for term in self.platform_terms if term.slug in platforms],
            "accounts": accounts,
        }


# --- 3 to 5: the texts --------------------------------------------------------------------------


def markdown_field(label: LazyString, required: LazyString | None = None) -> TextAreaField:
    first = DataRequired(required) if required else Optional()
    return TextAreaField(
        label,
        filters=[clean_filter],
        validators=[first, Length(max=TEXT_MAX, message=TEXT_TOO_LONG)],
    )


class GoalsForm(SectionForm):
    info = SectionInfo(
        "goals",
        3,
        _l("Goals and approach"),
        _l("What the authority wanted to achieve, and how it went about it."),
    )
    content = ("goals", "approach")

    goals = markdown_field(_l("Goals"), _l("Please describe the goals."))
    approach = markdown_field(_l("Approach"), _l("Please describe the approach."))


class ResultsForm(SectionForm):
    info = SectionInfo(
        "results",
        4,
        _l("Results"),
        _l("What came of it, in figures where there are any, and when they were measured."),
    )
    content = ("results", "results_measured_on")

    results = markdown_field(_l("Results"))
    # No Optional(): it would skip the check below when the date is left empty.
    results_measured_on = DayField(_l("Figures measured on"))

    def validate_results_measured_on(self, field: DayField) -> None:
        if field.errors:
            return
        if field.data is None and self.results.data and self.results.data.strip():
            raise StopValidation(_("Please enter when the results were measured."))
        if field.data is not None and field.data > utcnow().date():
            raise StopValidation(_("The date cannot be in the future."))


class ExperienceForm(SectionForm):
    info = SectionInfo(
        "experience",
        5,
        _l("Experience"),
        _l("What was hard or failed, what made it work, and what others can learn."),
    )
    content = ("challenges", "success_conditions", "lessons")

    challenges = markdown_field(_l("Challenges and failures"))
    success_conditions = markdown_field(_l("Conditions for success"))
    lessons = markdown_field(
        _l("Lessons learned"), _l("Please write down what others can learn from the case.")
    )


# --- 6 Recht & Datenschutz ----------------------------------------------------------------------


def answer_field(label: LazyString) -> RadioField:
    return RadioField(label, choices=_choices(ANSWER_LABELS), default="unknown")


class LegalForm(SectionForm):
    info = SectionInfo(
        "legal",
        6,
        _l("Law and data protection"),
        _l("The legal groundwork the authority laid before going online."),
    )
    content = ("dpia_done", "joint_controller_agreement", "netiquette", "imprint", "legal_notes")

    dpia_done = answer_field(LEGAL_FIELDS["dpia_done"])
    joint_controller_agreement = answer_field(LEGAL_FIELDS["joint_controller_agreement"])
    netiquette = answer_field(LEGAL_FIELDS["netiquette"])
    imprint = answer_field(LEGAL_FIELDS["imprint"])
    legal_notes = markdown_field(_l("Notes on law and data protection"))

    def load(self, case: CaseStudy) -> None:
        for name in LEGAL_FIELDS:
            self[name].data = answer(getattr(case, name))
        self.legal_notes.data = case.legal_notes
        self.version.data = case.version

    def is_empty(self) -> bool:
        return all(self[name].data == "unknown" for name in LEGAL_FIELDS) and not (
            self.legal_notes.data
        )

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: ANSWER_VALUES.get(self[name].data or "unknown") for name in LEGAL_FIELDS
        }
        values["legal_notes"] = self.legal_notes.data or ""
        return values


# --- 7 Nachweis & Kontakt -------------------------------------------------------------------------


class ContactForm(SectionForm):
    info = SectionInfo(
        "contact",
        7,
        _l("Evidence and contact"),
        _l("When the facts were last checked, the licence, and whom to ask."),
    )
    content = ("last_verified", "contact_name", "contact_email", "contact_consent")

    last_verified = DayField(
        _l("Facts last verified on"),
        validators=[Present(_l("Please enter when the facts were last checked."))],
    )
    contact_name = StringField(
        _l("Contact person"),
        filters=[one_line],
        validators=[Optional(), Length(max=120, message=_l("Use at most 120 characters."))],
    )
    contact_email = EmailField(
        _l("Contact e-mail address"),
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=254, message=_l("Use at most 254 characters.")),
            Email(
                _l("Please enter a valid e-mail address, like name@stadt-beispiel.de."),
                check_deliverability=False,
            ),
        ],
    )
    contact_consent = BooleanField(
        _l("The contact person agrees that their name and e-mail address are shown here.")
    )

    def validate_last_verified(self, field: DayField) -> None:
        if field.data is not None and not field.errors and field.data > utcnow().date():
            raise StopValidation(_("The date cannot be in the future."))
        if field.data is not None and field.data < date(MIN_YEAR, 1, 1):
            raise StopValidation(_("Please check the year."))

    def validate_contact_email(self, field: EmailField) -> None:
        if field.data and not field.errors and not self.contact_consent.data:
            raise StopValidation(
                _(
                    "An e-mail address is shown only with the person's consent: tick the box "
                    "below, or remove the address."
                )
            )

    def validate_contact_name(self, field: StringField) -> None:
        if field.data and not field.errors and not self.contact_consent.data:
            raise StopValidation(
                _(
                    "A contact person is named only with their consent: tick the box below, "
                    "or remove the name."
                )
            )

    def is_empty(self) -> bool:
        return self.last_verified.data is None and not self.contact_name.data

    def values(self) -> dict[str, Any]:
        name, email = self.contact_name.data or "", self.contact_email.data or ""
        return {
            "last_verified": self.last_verified.data,
            "contact_name": name,
            "contact_email": email,
            "contact_consent": bool(self.contact_consent.data and (name or email)),
        }


SECTION_FORMS: dict[str, type[SectionForm]] = {
    form.info.key: form
    for form in (
        OverviewForm,
        TeamForm,
        GoalsForm,
        ResultsForm,
        ExperienceForm,
        LegalForm,
        ContactForm,
    )
}
SECTIONS: tuple[SectionInfo, ...] = tuple(form.info for form in SECTION_FORMS.values())
# The texts a revision keeps (service.REVISION_FIELDS), as the history names them.
TEXT_LABELS: dict[str, LazyString] = {
    "title": _l("Title"),
    "summary": _l("Summary"),
    "goals": _l("Goals"),
    "approach": _l("Approach"),
    "results": _l("Results"),
    "challenges": _l("Challenges and failures"),
    "success_conditions": _l("Conditions for success"),
    "lessons": _l("Lessons learned"),
    "legal_notes": _l("Notes on law and data protection"),
}


def section_form(key: str, case: CaseStudy | None, stored: bool = False) -> SectionForm:
    """The form of one section: from the request, or with `stored` from the case itself."""
    form_class = SECTION_FORMS[key]
    if stored:
        assert case is not None
        # Checked against what is stored: no request data, no CSRF token.
        form = form_class(formdata=None, meta={"csrf": False})
        form.prepare(case)
        form.load(case)
    else:
        form = form_class()
        form.prepare(case)
    return form


@dataclass
class SectionState:
    info: SectionInfo
    # "complete", "attention" (something is missing or wrong) or "empty" (nothing
    # entered in a section where everything is optional).
    state: str
    problems: list[str]

    @property
    def needs_attention(self) -> bool:
        return self.state == "attention"


def section_states(case: CaseStudy) -> list[SectionState]:
    """Each section checked against what is stored, by the same rules as on saving."""
    states = []
    for key in SECTION_FORMS:
        form = section_form(key, case, stored=True)
        if not form.validate():
            problems = [
                f"{f.label.text}: {f.errors[0]}"
                for f in form
                if f.errors and f.name in form.content
            ]
            states.append(SectionState(form.info, "attention", problems))
        elif form.is_empty():
            states.append(SectionState(form.info, "empty", []))
        else:
            states.append(SectionState(form.info, "complete", []))
    return states


def next_section(key: str) -> str | None:
    keys = list(SECTION_FORMS)
    position = keys.index(key)
    return keys[position + 1] if position + 1 < len(keys) else None


# --- the list's facets ----------------------------------------------------------------------------


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
        for name in ("level", "land", "platform", "topic", "year"):
            options = getattr(facets, name)
            self[name].choices = [
                SelectChoice("", self.ALL_LABELS[name]),
                *[
                    SelectChoice(
                        option.value,
                        _("%(label)s (%(count)d)", label=option.label, count=option.count),
                    )
                    for option in options
                ],
            ]
