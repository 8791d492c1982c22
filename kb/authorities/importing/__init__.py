"""Importing the registry from CSV or JSON (the format: kb.authorities.importing.read).

An import validates every row first and imports nothing when one is bad. It is
idempotent: an authority is the one with the row's AGS when it has one (else, or when
no authority has that AGS yet, the one with its slug), an account is the authority's
account with the same platform and URL. Columns missing from a file leave the stored
value alone; present but empty columns clear it. Imported records are approved.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kb.authorities.importing.apply import apply
from kb.authorities.importing.plan import plan
from kb.authorities.importing.read import Row, read_csv, read_file, read_json
from kb.authorities.importing.report import ImportReport, Problem
from kb.extensions import db

__all__ = ["ImportReport", "Problem", "import_csv", "import_file", "import_json", "import_rows"]


def import_rows(rows: Sequence[Row], dry_run: bool = False) -> ImportReport:
    """Validate every row, then import all of them or, when one is bad, none.

    The caller commits. With `dry_run` the import runs in a savepoint that is rolled
    back, so the report counts exactly what a real import would change.
    """
    entries, problems = plan(rows)
    report = ImportReport(dry_run=dry_run, rows=len(rows), problems=problems)
    if problems:
        return report
    savepoint = db.session.begin_nested()
    try:
        apply(entries, report)
        # The flush raises the registry version when anything changed
        # (kb.authorities.changes).
        db.session.flush()
    except BaseException:
        savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return report


def import_file(path: Path, dry_run: bool = False) -> ImportReport:
    """Read and import a .csv or .json file; the caller commits."""
    rows, problems = read_file(path)
    return _import(rows, problems, dry_run)


def import_csv(text: str, dry_run: bool = False) -> ImportReport:
    rows, problems = read_csv(text)
    return _import(rows, problems, dry_run)


def import_json(data: Any, dry_run: bool = False) -> ImportReport:
    """Import a parsed JSON document."""
    rows, problems = read_json(data)
    return _import(rows, problems, dry_run)


def _import(rows: list[Row], problems: list[Problem], dry_run: bool) -> ImportReport:
    """Import the rows read, unless reading the file found problems."""
    if problems:
        return ImportReport(dry_run=dry_run, rows=len(rows), problems=problems)
    return import_rows(rows, dry_run)
