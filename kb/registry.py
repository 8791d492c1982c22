"""One declaration per kind of content, and of everything the app stores about a member.

Each feature registers its declarations in its `init_app()`: search, reports,
moderation, notifications, comments and bookmarks iterate the content types, the data
export and account deletion iterate the personal data, and pages of one feature show
another feature's part through panels. So a new kind of content is one declaration, and
features never import each other.

The registry belongs to the app (`app.extensions`), not to a module: two apps in one
process (tests) keep their own.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, current_app
from flask_babel import LazyString
from markupsafe import Markup
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import load_only

from kb.extensions import db
from kb.policy import ANONYMOUS
from kb.standing import Standing

EXTENSION_KEY = "kb.registry"


@dataclass(frozen=True)
class Described:
    """What a list of mixed content (bookmarks, search, notifications) shows of one item."""

    title: str
    url: str


@dataclass(frozen=True)
class SearchText:
    """What the search index holds of one public record."""

    title: str
    summary: str
    body: str  # plain text, no markup
    date: datetime | None  # shown with the hit; the more recent ranks first on a tie
    popularity: int = 0  # likes: the better liked ranks first on a tie
    # Facet name ("topic", "platform", "level", "land") to the record's values (slugs, codes).
    facets: Mapping[str, Sequence[str]] = field(default_factory=dict)
    starts_at: datetime | None = None  # events: for "upcoming only"


@dataclass(frozen=True)
class Searchable:
    """How a content type is searched: its texts, and which other rows change them.

    `texts(ids)` returns the text of each of these records; the search asks only for
    records that anonymous readers may see (`ContentType.visible`), so drafts, held and
    hidden content never reach the index. `depends_on` maps another model whose rows
    are part of the text (an authority's accounts, a case study's authority) to the ids of
    the records a changed row belongs to (called while the session flushes: it may query,
    the session does not flush again).
    """

    texts: Callable[[Sequence[int]], dict[int, SearchText]]
    depends_on: Mapping[type[Any], Callable[[Any], Iterable[int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class ContentType:
    """A kind of content: how to find it, show it, and who may see it.

    `visible(viewer)` is the SQL condition and `can_view(viewer, record)` the same rule
    in Python, for each viewer (anonymous, member, author, moderator); a test checks
    that they agree for every state of every registered type.
    """

    name: str  # what comments, bookmarks and reports call it: "article", "case", …
    model: type[Any]
    label: LazyString  # "Best-practice entry"
    title: Any  # the column with the short text for lists, search and notifications
    summary: Any | None  # the column with the longer text, or None
    url: Callable[[Any], str]  # the public address of one record
    visible: Callable[[Any], ColumnElement[bool]]
    can_view: Callable[[Any, Any], bool]
    owner_ids: Callable[[Any], set[int]]  # who wrote or owns it (authors, organiser)
    # The columns url() reads, so lists can load only those and the title.
    url_columns: tuple[Any, ...] = ()
    # Readers may comment, like and bookmark it (once it is public).
    community: bool = False
    # Found by the search, with these texts (None: not searched).
    search: Searchable | None = None
    # The column with the time of the last change: public records of types that have one
    # are listed in /sitemap.xml.
    lastmod: Any | None = None
    # Moderation (kb.standing): the column with the record's Standing, which moderators
    # set to hold, hide and show again (None: the type is not moderated).
    standing: Any | None = None
    # A post (entry, case study, event, comment): a new member's first one waits for a
    # moderator, watched words are checked (kb.screening).
    is_post: bool = False
    # Called after moderation changed a record's standing (counters that only count
    # visible records), and how a moderator deletes one with what belongs to it
    # (None: the session deletes the row; the database cascades).
    after_standing: Callable[[Any], None] | None = None
    remove: Callable[[Any], None] | None = None
    # The records one member alone owns, as an SQL condition on `model`: what deleting an
    # account "with my contributions" deletes (through `delete`, so the type's own
    # cleanup runs). An entry another accepted co-author also wrote is not the member's
    # alone. Every post type declares one (a test checks).
    owned_by: Callable[[int], ColumnElement[bool]] | None = None
    # Loads for many records at once what `url()` and `owner_ids()` read beyond the
    # record's own columns (co-authors, the page a comment is on), so that lists of
    # records from several types (the moderation queue) cost no query per record. It
    # returns what it loaded: the session holds records weakly, so the caller keeps them.
    preload: Callable[[Sequence[Any]], list[Any]] | None = None

    def is_public(self, record: Any) -> bool:
        """Whether anyone, logged in or not, may see the record."""
        return self.can_view(ANONYMOUS, record)

    def load_public(self, record_id: int) -> Any | None:
        record = db.session.get(self.model, record_id)
        if record is None or not self.is_public(record):
            return None
        return record

    @property
    def moderated(self) -> bool:
        return self.standing is not None

    def standing_of(self, record: Any) -> Standing:
        if self.standing is None:
            return Standing.VISIBLE
        return Standing(getattr(record, self.standing.key))

    def set_standing(self, record: Any, standing: Standing) -> None:
        """Hold, hide or show a record again (the caller records why: kb.audit)."""
        if self.standing is None:
            raise ValueError(f"content type {self.name!r} is not moderated")
        setattr(record, self.standing.key, standing)
        if self.after_standing is not None:
            self.after_standing(record)

    def delete(self, record: Any) -> None:
        """Delete a record with what belongs to it, here and in other features (the
        registry's deletion hooks: other members' comments, likes and bookmarks on it)."""
        record_id = record.id
        if self.remove is not None:
            self.remove(record)
        else:
            db.session.delete(record)
        current().deleted(self, record_id)

    def describe(self, ids: Iterable[int], viewer: Any = ANONYMOUS) -> dict[int, Described]:
        """Title and address of many records at once (one query), those `viewer` may see."""
        wanted = list(ids)
        if not wanted:
            return {}
        records = db.session.scalars(
            select(self.model)
            .where(self.model.id.in_(wanted), self.visible(viewer))
            .options(load_only(self.model.id, self.title, *self.url_columns))
        )
        return {
            record.id: Described(getattr(record, self.title.key), self.url(record))
            for record in records
        }


class OnDelete(enum.StrEnum):
    """What deleting an account does to rows that point at it."""

    # The rows go with the account (the foreign key says ON DELETE CASCADE).
    REMOVE = "remove"
    # The rows stay, without the link to the person (ON DELETE SET NULL): what a member
    # published for others stays readable, attributed to nobody.
    ANONYMISE = "anonymise"


ON_DELETE_ACTIONS = {OnDelete.REMOVE: "CASCADE", OnDelete.ANONYMISE: "SET NULL"}


@dataclass(frozen=True)
class PersonalData:
    """A column that ties rows to a member: how the export shows them, what deletion does.

    A test walks the database metadata and fails for any foreign key to users without a
    declaration, and for any declaration whose `on_delete` the foreign key does not do.
    """

    key: str  # the section of the export: "comments"
    column: Any  # the column pointing at users.id: Comment.author_id, or a Table's column
    export: Callable[[Any], list[dict[str, Any]]]
    on_delete: OnDelete
    # Runs before the account is deleted, for what the database cannot do by itself
    # (counters on other rows, contact details the member gave).
    before_delete: Callable[[Any], None] | None = None
    # Runs when the member deletes the account together with their public contributions,
    # after the content types' own records (`ContentType.owned_by`) are gone: for
    # contributions that are no content type of their own (an event series).
    delete_contributions: Callable[[Any], None] | None = None

    @property
    def table_name(self) -> str:
        return str(getattr(self.column, "expression", self.column).table.name)

    @property
    def column_name(self) -> str:
        return str(getattr(self.column, "expression", self.column).name)


@dataclass(frozen=True)
class Panel:
    """A part one feature adds to another feature's page (a slot): the start page's
    latest entries, an authority's case studies, the comments under an entry.

    `render(**context)` returns the HTML, or None when it has nothing to show.
    """

    name: str
    render: Callable[..., Markup | str | None]
    order: int = 100


@dataclass(frozen=True)
class NotificationKind:
    """One kind of notification (kb.notify): declared once by the feature that sends it.

    `message(data)` is the line the member reads, in the reader's language, made from
    the data stored with the notification (titles, names as they were then).
    """

    name: str  # "comment.reply"
    label: LazyString  # what the list's filter calls it: "Replies to your comments"
    message: Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class ReviewSource:
    """Something waiting for a moderator that is not a report or a held post: proposals
    to the authority registry. The moderation queue lists them with the rest.

    `pending(limit)` returns the oldest waiting items, `count()` how many wait.
    """

    name: str
    label: LazyString
    count: Callable[[], int]
    pending: Callable[[int], Sequence[ReviewItem]]


@dataclass(frozen=True)
class ReviewItem:
    title: str
    url: str  # where the moderator reviews it (with its approve and reject forms)
    created_at: datetime | None
    detail: str = ""


@dataclass(frozen=True)
class Screening:
    """What one screen makes of one text a member posts."""

    block: str | None = None  # refused: this message next to the field, nothing stored
    hold: str | None = None  # stored, waits for a moderator; why
    flags: tuple[str, ...] = ()  # published, a report is opened; why


@dataclass(frozen=True)
class Screen:
    """A check of what members post (watched words): `check(text)` says what to do,
    `flagged(content_type, record, reasons)` opens the reports of a flagged post."""

    name: str
    check: Callable[[str], Screening]
    flagged: Callable[[ContentType, Any, Sequence[str]], None] | None = None


@dataclass(frozen=True)
class DemoStep:
    """Part of `flask demo`: loads one feature's demo content, returns a line to report."""

    name: str
    load: Callable[[], str]
    order: int = 100


@dataclass
class Registry:
    types: dict[str, ContentType] = field(default_factory=dict)
    personal_data: list[PersonalData] = field(default_factory=list)
    panels: dict[str, list[Panel]] = field(default_factory=dict)
    demo_steps: list[DemoStep] = field(default_factory=list)
    notification_kinds: dict[str, NotificationKind] = field(default_factory=dict)
    review_sources: list[ReviewSource] = field(default_factory=list)
    # Checks of what members post (kb.screening): watched words, first posts.
    screens: list[Screen] = field(default_factory=list)
    # Called with the type and the id of every record deleted through ContentType.delete,
    # by features that keep rows about any kind of content (comments, likes, bookmarks).
    deletion_hooks: list[Callable[[ContentType, int], None]] = field(default_factory=list)
    # Where a reader reports a record: the address made from the type's name and the
    # record's id, set by the feature that takes reports (None: nobody takes them).
    # Templates ask it through `report_url()`, one call per comment, no query.
    report_url: Callable[[str, int], str] | None = None

    def add_type(self, content_type: ContentType) -> None:
        if content_type.name in self.types:
            raise ValueError(f"content type {content_type.name!r} is registered twice")
        self.types[content_type.name] = content_type

    def get(self, name: str) -> ContentType | None:
        return self.types.get(name)

    def __iter__(self) -> Iterator[ContentType]:
        return iter(self.types.values())

    def of_record(self, record: Any) -> ContentType | None:
        for content_type in self.types.values():
            if isinstance(record, content_type.model):
                return content_type
        return None

    def add_personal_data(self, *declarations: PersonalData) -> None:
        known = {declaration.key for declaration in self.personal_data}
        for declaration in declarations:
            if declaration.key in known:
                raise ValueError(f"export section {declaration.key!r} is declared twice")
            known.add(declaration.key)
            self.personal_data.append(declaration)

    def add_panel(self, slot: str, panel: Panel) -> None:
        self.panels.setdefault(slot, []).append(panel)
        self.panels[slot].sort(key=lambda item: item.order)

    def render_panels(self, slot: str, **context: Any) -> list[Markup]:
        """The HTML of every panel in `slot` that has something to show."""
        rendered = []
        for panel in self.panels.get(slot, []):
            html = panel.render(**context)
            if html:
                # Panels render templates, which escape what they show.
                rendered.append(Markup(html))  # noqa: S704
        return rendered

    def add_notification_kind(self, kind: NotificationKind) -> None:
        if kind.name in self.notification_kinds:
            raise ValueError(f"notification kind {kind.name!r} is declared twice")
        self.notification_kinds[kind.name] = kind

    def add_review_source(self, source: ReviewSource) -> None:
        self.review_sources.append(source)

    def add_screen(self, screen: Screen) -> None:
        self.screens.append(screen)

    def add_deletion_hook(self, hook: Callable[[ContentType, int], None]) -> None:
        self.deletion_hooks.append(hook)

    def deleted(self, content_type: ContentType, record_id: int) -> None:
        """Run the deletion hooks for a record just deleted (`ContentType.delete` does;
        a feature deleting its own record its own way calls this)."""
        for hook in self.deletion_hooks:
            hook(content_type, record_id)

    def reporting_url(self, type_name: str, record_id: int) -> str | None:
        """Where a reader reports this record, if the type can be reported."""
        content_type = self.types.get(type_name)
        if self.report_url is None or content_type is None or not content_type.moderated:
            return None
        return self.report_url(type_name, record_id)

    def add_demo_step(self, step: DemoStep) -> None:
        self.demo_steps.append(step)
        self.demo_steps.sort(key=lambda item: item.order)


def init_app(app: Flask) -> Registry:
    registry = Registry()
    app.extensions[EXTENSION_KEY] = registry
    return registry


def of(app: Flask) -> Registry:
    registry: Registry = app.extensions[EXTENSION_KEY]
    return registry


def current() -> Registry:
    """The registry of the app handling the request or command."""
    return of(current_app._get_current_object())  # type: ignore[attr-defined]
