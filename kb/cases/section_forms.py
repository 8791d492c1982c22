"""The seven sections of a case study, each a form validated and saved on its own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, StopValidation

from kb.cases.fields import (
    FteField,
    Present,
    SectionForm,
    SectionInfo,
    YearField,
    answer_field,
    markdown_field,
)
from kb.cases.labels import (
    ANSWER_VALUES,
    BUDGET_LABELS,
    LEGAL_FIELDS,
    TEAM_UNIT_LABELS,
    account_label,
    answer,
)
from kb.cases.models import Budget, CaseStudy, TeamUnit
from kb.directory import Authority, SocialAccount, approved_accounts, find_authority
from kb.forms import (
    CheckboxList,
    DayField,
    SelectChoice,
    choices,
    fits,
    not_blocked,
    one_line,
    strip_filter,
)
from kb.taxonomy import offered_platforms, offered_topics
from kb.timeutil import utcnow

MIN_YEAR = 1990
FTE_MAX = Decimal("999.99")


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
            fits(CaseStudy.title, minimum=3),
            not_blocked,
        ],
    )
    summary = TextAreaField(
        _l("Summary"),
        filters=[strip_filter],
        validators=[
            DataRequired(_l("Please summarise the case in one or two sentences.")),
            fits(CaseStudy.summary),
            not_blocked,
        ],
    )
    authority = StringField(
        _l("Authority"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Please name the authority from the registry.")),
            fits(Authority.name),
        ],
    )
    start_year = YearField(
        _l("Start year"), validators=[Present(_l("Please enter the year the project started."))]
    )
    end_year = YearField(_l("End year"))
    running = BooleanField(_l("The project is still running"))
    topics = CheckboxList(_l("Topics"), coerce=str, validate_choice=True)

    def prepare(self, case: CaseStudy | None) -> None:
        self.topic_terms = offered_topics(case.topics if case is not None else ())
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
        found, ambiguous = find_authority(text)
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
        choices=[SelectChoice("", _l("Please choose")), *choices(TEAM_UNIT_LABELS)],
        validators=[Present(_l("Please choose where the team sits."))],
    )
    team_note = StringField(
        _l("More about the team"),
        filters=[one_line],
        validators=[Optional(), fits(CaseStudy.team_note), not_blocked],
    )
    budget = SelectField(_l("Budget"), choices=choices(BUDGET_LABELS), default=Budget.UNKNOWN)
    platforms = CheckboxList(_l("Platforms"), coerce=str, validate_choice=True)
    accounts = CheckboxList(_l("Accounts from the registry"), coerce=str, validate_choice=True)

    def prepare(self, case: CaseStudy | None) -> None:
        self.platform_terms = offered_platforms(case.platforms if case is not None else ())
        self.platforms.choices = [SelectChoice(t.slug, t.name) for t in self.platform_terms]
        authority = case.authority if case is not None else None
        self.account_records: list[SocialAccount] = (
            approved_accounts(authority.id) if authority else []
        )
        self.accounts.choices = [
            SelectChoice(str(account.id), account_label(account))
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
        validators=[Optional(), fits(CaseStudy.contact_name), not_blocked],
    )
    contact_email = EmailField(
        _l("Contact e-mail address"),
        filters=[strip_filter],
        validators=[
            Optional(),
            fits(CaseStudy.contact_email),
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
