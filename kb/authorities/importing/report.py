"""What an import tells its caller: the problems by line, or what it changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


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
            return str(
                _l(
                    "%(count)s problems in %(lines)s rows; nothing was imported.",
                    count=len(self.problems),
                    lines=len(self.problem_lines),
                )
            )
        text = _l(
            "%(rows)s rows: %(authorities_created)s authorities new, %(authorities_updated)s "
            "changed; %(accounts_created)s accounts new, %(accounts_updated)s changed.",
            rows=self.rows,
            authorities_created=self.authorities_created,
            authorities_updated=self.authorities_updated,
            accounts_created=self.accounts_created,
            accounts_updated=self.accounts_updated,
        )
        if self.dry_run:
            note = _l("Dry run: nothing was imported.")
            return f"{text} {note}"
        return str(text)
