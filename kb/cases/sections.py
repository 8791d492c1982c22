"""The sections of a case study in order, and how complete each one is."""

from __future__ import annotations

from dataclasses import dataclass

from kb.cases.fields import SectionForm, SectionInfo
from kb.cases.models import CaseStudy
from kb.cases.section_forms import (
    ContactForm,
    ExperienceForm,
    GoalsForm,
    LegalForm,
    OverviewForm,
    ResultsForm,
    TeamForm,
)

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


def incomplete_sections(case: CaseStudy) -> list[str]:
    """The headings of the sections that keep the case from being published."""
    return [str(state.info.heading) for state in section_states(case) if state.needs_attention]
