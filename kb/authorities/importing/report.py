"""What an import tells its caller: the problems by line, or what it changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import LazyString, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kb.numbers import number


@dataclass(frozen=True)
class Problem:
    line: int  # 1 for the header or the whole file
    column: str  # "" when the row as a whole is at fault
    message: LazyString | str
    where: str = ""

    def __str__(self) -> str:
        place = self.where or _l("line %(line)s", line=self.line)
        if self.column:
            return f"{place}, {self.column}: {self.message}"
        return f"{place}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    authorities_created: int = 0
    authorities_updated: int = 0
    accounts_created: int = 0
    accounts_updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def imported(self) -> bool:
        """True when something may have been written (no problems, not a dry run)."""
        return self.ok and not self.dry_run

    @property
    def changed(self) -> bool:
        return bool(
            self.authorities_created
            or self.authorities_updated
            or self.accounts_created
            or self.accounts_updated
        )

    @property
    def problem_lines(self) -> list[int]:
        return sorted({problem.line for problem in self.problems})

    def summary(self) -> str:
        if not self.ok:
            problems, lines = len(self.problems), len(self.problem_lines)
            return str(
                _(
                    "%(problems)s in %(rows)s; nothing was imported.",
                    problems=ngettext(
                        "%(count)s problem", "%(count)s problems", problems, count=number(problems)
                    ),
                    rows=ngettext("%(count)s row", "%(count)s rows", lines, count=number(lines)),
                )
            )
        text = _(
            "%(rows_read)s: %(new_authorities)s new, %(changed_authorities)s changed; "
            "%(new_accounts)s new, %(changed_accounts)s changed.",
            rows_read=ngettext(
                "%(count)s row", "%(count)s rows", self.rows, count=number(self.rows)
            ),
            new_authorities=ngettext(
                "%(count)s authority",
                "%(count)s authorities",
                self.authorities_created,
                count=number(self.authorities_created),
            ),
            changed_authorities=number(self.authorities_updated),
            new_accounts=ngettext(
                "%(count)s social media account",
                "%(count)s social media accounts",
                self.accounts_created,
                count=number(self.accounts_created),
            ),
            changed_accounts=number(self.accounts_updated),
        )
        if self.dry_run:
            note = _l("Dry run: nothing was imported.")
            return f"{text} {note}"
        return str(text)
