"""Pages every kind of content shares: the version history and the comparison of two
versions, and what moderation puts in place of a post (the notice of hidden content, the
note above a held or hidden post for its authors and the moderators)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from flask import Response, abort, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from kb import registry
from kb.content.revisions import History
from kb.htmx import render
from kb.standing import Standing

# 410 Gone: the address held something public that is no longer there for readers.
HIDDEN_STATUS = 410

# What a member is told when their post waits for a moderator (a new member's first post,
# a watched word): the same words for entries, case studies, events and comments.
WAITS_FOR_REVIEW = _l(
    "Thank you! Your post waits for a moderator to check it; until then only you and the "
    "moderators can see it."
)


def hidden_page(notice: str) -> Response:
    """What readers get at the address of content the moderation hid: 410 and a notice,
    with nothing of the content (not even its title: that may be what was hidden)."""
    return render("content/hidden.html", notice=notice, status=HIDDEN_STATUS)


def not_visible(standing: Standing, notice: str, *, was_public: bool = True) -> NoReturn:
    """Answer for a record the viewer may not see: a 410 notice when moderation hid it
    (and it had been public), else 404 as for a draft or a post still waiting for review
    (never public, so readers do not learn of it)."""
    if standing == Standing.HIDDEN and was_public:
        abort(hidden_page(notice))
    abort(404)


def standing_notice(record: Any) -> Markup | None:
    """The note above a held or hidden record, for its authors and the moderators (the
    only ones who see it then); None for a visible record."""
    content_type = registry.current().of_record(record)
    if content_type is None:
        return None
    standing = content_type.standing_of(record)
    if standing == Standing.VISIBLE:
        return None
    own = current_user.is_authenticated and current_user.id in content_type.owner_ids(record)
    return Markup(  # noqa: S704 (a template, which escapes)
        render_template(
            "content/_standing_notice.html",
            standing=standing.value,
            own=own,
        )
    )


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
