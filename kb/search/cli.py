"""`flask search reindex`: rebuild the search index from the records."""

from __future__ import annotations

import time
from typing import Any

import click
from flask.cli import AppGroup

from kb import database
from kb.extensions import db
from kb.search import index

# An AppGroup, like every feature's commands: its commands run in an app context also
# when they are not started by the `flask` executable (app.test_cli_runner(), scripts).
search = AppGroup("search", help="The search index.")


@search.command("reindex")
@click.option("--missing", is_flag=True, help="Only add records that have no document yet.")
def reindex(missing: bool) -> None:
    """Rebuild the search index (in one transaction: searches see the old index until
    the new one is complete)."""
    started = time.perf_counter()
    bars: dict[str, Any] = {}
    shown: dict[str, int] = {}

    def progress(kind: str, done: int, total: int) -> None:
        bar = bars.get(kind)
        if bar is None:
            bar = bars[kind] = click.progressbar(length=total, label=kind.ljust(10))
            bar.__enter__()
            shown[kind] = 0
        bar.update(done - shown[kind])
        shown[kind] = done
        if done >= total:
            bar.__exit__(None, None, None)

    written = index.build(only_missing=missing, progress=progress)
    db.session.commit()
    database.refresh_statistics_after_bulk_writes(
        "search_documents", "search_facets", "search_terms", "search_words"
    )
    elapsed = time.perf_counter() - started
    click.echo(f"{written} documents indexed in {elapsed:.1f} s")
