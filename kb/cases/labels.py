"""How case studies show their values: labels of the choices, numbers, periods, accounts."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import LazyString, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kb.cases.models import Budget, CaseStudy, TeamUnit
from kb.datetimes import year_span
from kb.directory import Level, SocialAccount
from kb.numbers import number, plural_count

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


def answer(value: bool | None) -> str:
    if value is None:
        return "unknown"
    return "yes" if value else "no"


# The texts a revision keeps (kb.cases.models.REVISION_FIELDS), as the history names them.
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


def format_fte(value: Decimal) -> str:
    """1.50 as "1,5" for German readers, "1.5" for English ones."""
    return number(value)


def team_size(value: Decimal) -> str:
    """„1 Vollzeitäquivalent“, „1,5 Vollzeitäquivalente“."""
    return str(
        ngettext(
            "%(count)s full-time equivalent",
            "%(count)s full-time equivalents",
            plural_count(value),
            count=number(value),
        )
    )


def team_size_short(value: Decimal) -> str:
    """For lists: „1,5 VZÄ“, "1.5 FTE"."""
    return str(ngettext("%(count)s FTE", "%(count)s FTE", plural_count(value), count=number(value)))


def account_label(account: SocialAccount) -> str:
    name = account.handle or account.url
    if account.until is not None:
        return str(
            _(
                "%(platform)s: %(name)s (until %(year)d)",
                platform=account.platform.name,
                name=name,
                year=account.until.year,
            )
        )
    return f"{account.platform.name}: {name}"


def period(case: CaseStudy) -> str:
    if case.start_year is None:
        return ""
    if case.end_year is None:
        return str(_("since %(year)d, still running", year=case.start_year))
    return year_span(case.start_year, case.end_year)
