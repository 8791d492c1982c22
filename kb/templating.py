"""Jinja settings and helpers that make rendering cheaper.

Templates are compiled once per worker anyway (Flask's environment keeps them, and
reloading is off outside debug mode); the bytecode cache also saves that compilation
when a worker starts, which with gunicorn's restarts and several workers adds up.
Jinja checks each cached file against its template's source, so an edited template is
never served from a stale entry.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import Flask, current_app, has_request_context, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from jinja2 import FileSystemBytecodeCache, nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup, escape
from sqlalchemy.exc import SQLAlchemyError

from kb import forms, generation, i18n, registry

# The panels features add to the header's account menu for logged-in members (the
# notifications with their counter, the moderation queue, the administration): each
# renders one <li> of that list, and is given `user`.
HEADER_MEMBER_SLOT = "header.member"

log = logging.getLogger(__name__)


def header_member_panels() -> list[Markup]:
    """The header's member panels; nothing (and no query) for readers who are not logged in."""
    if not current_user.is_authenticated:
        return []
    try:
        return registry.current().render_panels(
            HEADER_MEMBER_SLOT,
            user=current_user._get_current_object(),
        )
    except SQLAlchemyError:
        # The error page of a failing database still renders, without the counters.
        log.warning("header panels left out: the database did not answer", exc_info=True)
        return []


def bytecode_cache_dir(app: Flask) -> str:
    return app.config.get("KB_TEMPLATE_CACHE_DIR") or os.path.join(app.instance_path, "jinja-cache")


def report_url(type_name: str, record_id: int) -> str | None:
    """Where a reader reports a record (kb.registry.Registry.report_url), for templates
    that show another feature's records (a comment's report link)."""
    return registry.current().reporting_url(type_name, record_id)


def init_app(app: Flask) -> None:
    app.add_template_global(forms.quick_select, "quick_select")
    app.add_template_global(report_url, "report_url")
    app.add_template_global(header_member_panels, "header_member_panels")
    app.jinja_env.add_extension(SharedExtension)
    app.add_template_global(request_args, "request_args")
    app.add_template_global(hole, "hole")
    if not app.config["KB_TEMPLATE_BYTECODE_CACHE"]:
        return
    directory = bytecode_cache_dir(app)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError:
        directory = ""
    if not directory or not os.access(directory, os.W_OK):
        # A read-only instance folder costs only the start-up compilation; Jinja would
        # fail on every first render if it could not write its cache files.
        app.logger.warning("Template bytecode cache off: cannot write to %s", directory)
        return
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(directory)


# --- shared fragments -------------------------------------------------------------------
#
# Parts of pages that are the same for every reader (the cards of a list, the start page's
# panels, the text of an entry) are rendered once per worker and kept, keyed by the
# content generation (kb.generation), the language, the time zone and what the part
# depends on. Every write that changes what readers see raises the generation in its own
# transaction, so the next request on any worker misses and renders afresh; what changes
# with the clock alone (an event that has ended) is renewed after
# KB_SHARED_FRAGMENT_SECONDS, like the anonymous page cache's pages.
#
# Nothing of one member may be kept: a shared part never shows a member's own likes,
# bookmarks, attendance or notifications unless they are part of its key, and whatever a
# part shows differently to different readers (a moderator sees held events) is part of
# its key. A CSRF token or a form's submission key is a hole, filled per answer (below).

SHARED_KEY = "kb.shared_fragments"
SHARED_MAX_BYTES = 8 * 1024 * 1024
SHARED_MAX_ENTRY_BYTES = 512 * 1024
READING_METHODS = frozenset({"GET", "HEAD"})
# What a request's keys have in common, worked out once per request.
SHARED_REQUEST_KEY = "kb.shared_key"


@dataclass
class _Fragment:
    html: Markup
    made_at: float


class SharedFragments:
    """A bounded store (least recently used out first) of rendered parts, per worker."""

    def __init__(self, max_bytes: int = SHARED_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[Hashable, _Fragment] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, max_age: float) -> Markup | None:
        with self.lock:
            fragment = self.entries.get(key)
            if fragment is None:
                return None
            if time.monotonic() - fragment.made_at > max_age:
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return fragment.html

    def put(self, key: Hashable, html: Markup) -> None:
        cost = len(html)
        if cost > SHARED_MAX_ENTRY_BYTES:
            return
        with self.lock:
            if key in self.entries:
                self._drop(key)
            self.entries[key] = _Fragment(html, time.monotonic())
            self.size += cost
            while self.size > self.max_bytes and self.entries:
                self._drop(next(iter(self.entries)))

    def _drop(self, key: Hashable) -> None:
        fragment = self.entries.pop(key)
        self.size -= len(fragment.html)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


def shared_store(app: Flask) -> SharedFragments:
    store: SharedFragments | None = app.extensions.get(SHARED_KEY)
    if store is None:
        store = app.extensions[SHARED_KEY] = SharedFragments()
    return store


def _shared_key(parts: tuple[Hashable, ...]) -> tuple[Hashable, ...] | None:
    """The whole key of a part, or None where it must not be kept (outside a request, or
    before the first write has started the generation)."""
    if not has_request_context() or request.method not in READING_METHODS:
        # A request that writes may render what it changed: never from a kept part, and
        # never kept under the generation read before its write.
        return None
    environ = request.environ
    common: tuple[Hashable, ...] | None = environ.get(SHARED_REQUEST_KEY)
    if common is None:
        try:
            made_at = generation.current()
        except SQLAlchemyError:
            # The error page of a failing database still renders, from scratch.
            log.warning("shared parts rendered afresh: the database did not answer", exc_info=True)
            return None
        if made_at.number == 0:
            return None
        locale, zone = i18n.request_locale()
        common = environ[SHARED_REQUEST_KEY] = (
            made_at.token,
            str(locale),
            str(zone),
            request.scheme,
            request.host,
            request.script_root,
            # Lists answer htmx's "load more" differently (kb.htmx, _macros.load_more).
            request.headers.get("HX-Target"),
            bool(current_user.is_authenticated),
        )
    return (parts, common)


def request_args(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The query parameters of `names`, as given (a form echoes what it was sent), for a key."""
    return tuple((name, value) for name in sorted(names) for value in request.args.getlist(name))


def shared_html(parts: tuple[Hashable, ...], render: Callable[[], str]) -> Markup:
    """The HTML `render` makes, kept for every reader with the same `parts` (see above).

    `render` must show nothing of one member: the key tells logged-in readers from others
    (the same for every member), nothing more.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    key = _shared_key(parts) if app.config["KB_SHARED_FRAGMENTS"] else None
    if key is None:
        return Markup(render())  # noqa: S704  (templates escape what they show)
    store = shared_store(app)
    max_age = float(app.config["KB_SHARED_FRAGMENT_SECONDS"])
    html = store.get(key, max_age)
    if html is None:
        outermost = _rendering_shared.set(True)
        try:
            html = Markup(render())  # noqa: S704
        finally:
            _rendering_shared.reset(outermost)
        store.put(key, html)
    # A part inside another keeps its holes: the outer part is kept with them.
    return html if _rendering_shared.get() else fill_holes(html)


# --- holes: what differs per request inside a shared part -------------------------------
#
# A kept part may hold a form (a reply form under every comment): its CSRF token and its
# submission key differ per request, so the part is kept with a marker in their place
# (`{{ hole("csrf_token") }}`) and every answer fills the markers afresh. The markers carry
# a secret of the worker, so no text a member writes can pose as one; outside a shared part
# hole() gives the value itself.

HOLE_FILLERS: dict[str, Callable[[], str]] = {"csrf_token": generate_csrf}
_HOLE_SECRET = secrets.token_hex(12)
_HOLE_PREFIX = f"kb-hole-{_HOLE_SECRET}-"
_HOLE = re.compile(re.escape(_HOLE_PREFIX) + r"([a-z_]+)")
_rendering_shared: ContextVar[bool] = ContextVar("kb_rendering_shared", default=False)


def hole_filler(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Declare `{{ hole(name) }}`: the decorated function gives its value per request."""

    def declare(fill: Callable[[], str]) -> Callable[[], str]:
        HOLE_FILLERS[name] = fill
        return fill

    return declare


def hole(name: str) -> Markup:
    """The value of `name` for this request, or inside a shared part a marker for it."""
    if name not in HOLE_FILLERS:
        raise KeyError(f"no hole_filler for {name!r}")
    if _rendering_shared.get():
        return Markup(_HOLE_PREFIX + name)  # noqa: S704  (letters only)
    return escape(HOLE_FILLERS[name]())


def fill_holes(html: Markup) -> Markup:
    """Each marker replaced by its filler's value (Flask-WTF makes one CSRF token per
    request, however often it is asked)."""
    if _HOLE_PREFIX not in html:
        return html
    return Markup(_HOLE.sub(lambda match: str(escape(HOLE_FILLERS[match[1]]())), html))  # noqa: S704


class SharedExtension(Extension):
    """`{% shared "name", part, ... %}…{% endshared %}`: the body through shared_html(),
    keyed by the name and the parts given. The body's data should be loaded lazily
    (`Deferred`), so a kept part costs no query."""

    tags = {"shared"}  # noqa: RUF012  (Jinja reads the class attribute)

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        parts = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            parts.append(parser.parse_expression())
        body = parser.parse_statements(("name:endshared",), drop_needle=True)
        call = self.call_method("_render_shared", [nodes.Tuple(parts, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _render_shared(self, parts: tuple[Hashable, ...], caller: Callable[[], str]) -> Markup:
        return shared_html(tuple(parts), caller)


T = TypeVar("T")


class Deferred(Generic[T]):
    """A value loaded on first use: views pass what only a shared part shows this way, so
    a part that is kept costs no query. Attributes are read through to the value."""

    __slots__ = ("_load", "_loaded", "_value")

    def __init__(self, load: Callable[[], T]) -> None:
        self._load = load
        self._loaded = False
        self._value: T | None = None

    @property
    def value(self) -> T:
        if not self._loaded:
            self._value = self._load()
            self._loaded = True
        return self._value  # type: ignore[return-value]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.value, name)

    def __getitem__(self, key: Any) -> Any:
        return self.value[key]  # type: ignore[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.value)  # type: ignore[call-overload,no-any-return]

    def __len__(self) -> int:
        return len(self.value)  # type: ignore[arg-type]

    def __bool__(self) -> bool:
        return bool(self.value)
