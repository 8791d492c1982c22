"""`flask --app wsgi authorities import FILE [--dry-run]` and `authorities export`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from kb.authorities import importing, opendata
from kb.extensions import db

authorities_cli = AppGroup("authorities", help="Import and export the registry of authorities.")


@authorities_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and count; store nothing.")
def import_command(file: Path, dry_run: bool) -> None:
    """Import authorities and accounts from FILE (.csv or .json; see kb.authorities.importing.read).

    Every row is checked first; when one is bad, nothing is imported and the bad rows are
    listed with their line numbers (exit code 1).
    """
    report = importing.import_file(file, dry_run=dry_run)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if report.imported:
        db.session.commit()
    else:
        db.session.rollback()
    click.echo(report.summary(), err=not report.ok)
    if not report.ok:
        sys.exit(1)


@authorities_cli.command("export")
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["csv", "json"]),
    help="Default: from FILE's extension, else csv.",
)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def export_command(export_format: str | None, file: Path | None) -> None:
    """Write the approved registry to FILE (or standard output) as CSV or JSON."""
    if export_format is None:
        export_format = "json" if file is not None and file.suffix.lower() == ".json" else "csv"
    if export_format == "json":
        text = json.dumps(opendata.export_json(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = opendata.export_csv()
    if file is None:
        click.echo(text, nl=False)
        return
    file.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {file}.", err=True)
