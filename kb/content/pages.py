"""The version history and the comparison of two versions, one page for every kind of
content with a History."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, request

from kb.content.revisions import History
from kb.htmx import render


def history_page(
    history: History,
    record: Any,
    *,
    record_url: str,
    compare_url: str,
    restore_url: Callable[[int], str] | None,
    empty_text: str = "",
    note: str = "",
) -> Response:
    """Every version, newest first; with `restore_url`, a restore button for older ones."""
    revisions = history.revisions(record)
    restore_urls = (
        {revision.number: restore_url(revision.number) for revision in revisions[1:]}
        if restore_url is not None
        else {}
    )
    return render(
        "content/history.html",
        record=record,
        revisions=revisions,
        record_url=record_url,
        compare_url=compare_url,
        restore_urls=restore_urls,
        empty_text=empty_text,
        note=note,
    )


def diff_page(
    history: History,
    record: Any,
    *,
    record_url: str,
    history_url: str,
    field_labels: Mapping[str, Any],
) -> Response:
    """The two versions `?from=&to=` name (400 if not numbers, 404 if missing)."""
    old, new = history.requested_pair(record, request.args)
    return render(
        "content/diff.html",
        record=record,
        old=old,
        new=new,
        changes=history.compare(old, new),
        record_url=record_url,
        history_url=history_url,
        field_labels=field_labels,
    )
