"""Whole pages for readers without a session, never staler than the data.

Most visitors are anonymous readers who carry no session cookie, so they all see the
same answer per address and language. A page is rendered once and kept, labelled with the
content generation it was rendered at (kb.generation): every write that changes what
readers see raises the generation in its own transaction, so the next request, on any
worker or host, finds no page of the new generation and renders afresh. Pages are also
dropped after KB_PAGE_CACHE_SECONDS, for what changes with the clock alone (an event
that has ended). Anyone with a session always gets a fresh render.

Hits are answered in front of Flask by kb.cache_wsgi, which does only what a hit needs.
Where it cannot decide (an address it has not yet seen rendered or answered here), the
request reaches Flask, where a before_request hook registered before every other one
answers hits: no CSRF, rate-limit or login work, no view. Both compute the key with the
same functions from the WSGI environ (key_for). Compressed copies (brotli, gzip) are made
once per page, not per request. A page is filed by the middleware, with the headers of
the finished answer (after every after_request hook), so a hit answers with the same
headers as a render.

Nothing a request chooses may change what another reader gets: the key holds everything
the answer depends on (the view, scheme, host, path prefix, path, language, and the query
parameters the view declares it reads, sorted). Other parameters (?utm_source=…, a
cache-busting ?x=123) never make entries: such a request gets the page stored for the
address without them, and if there is none it is rendered and not stored, because the
page could echo them. While a page is rendered for the store, the view's reads of the
query are watched: a view that reads a parameter it did not declare gets no entry (and a
warning in the log), so a forgotten declaration costs speed, never a wrong page.

With REDIS_URL the pages live in Redis, shared by all workers and hosts, each key with
its time to live (each worker keeps copies of those it used, kb.cache_store); without it
each worker keeps a bounded store of its own. If Redis does not answer, pages are
rendered as if there were no cache (and a warning is logged).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any, TypeVar, cast, overload
from urllib.parse import parse_qsl

import brotli
from flask import Flask, Response, current_app, g, make_response, request
from werkzeug.datastructures import Accept, ImmutableMultiDict, LanguageAccept, MultiDict
from werkzeug.http import parse_accept_header, parse_cookie

from kb import generation
from kb.cache_store import IDENTITY, Page, Store, coded_etag
from kb.cache_store import MAX_STORE_BYTES as MAX_STORE_BYTES  # the cache's interface
from kb.cache_store import PageStore as PageStore
from kb.cache_store import RedisStore as RedisStore
from kb.i18n import select_locale

MAX_KEY_BYTES = 2048  # longer addresses are rendered every time, never stored
MAX_PAGE_BYTES = 512 * 1024
EXTENSION_KEY = "kb.page_cache"
# app.extensions: the reader of the generation for hits (kb.generation.Reader), and the
# addresses seen here, each with its endpoint and declared parameters (the middleware
# answers only those).
READER_KEY = "kb.page_cache.reader"
ROUTES_KEY = "kb.page_cache.routes"
MAX_ROUTES = 4096
# environ: the page a view rendered for the store, filed by the middleware once the
# answer is finished.
PENDING = "kb.page_cache.pending"
PARAMS_ATTRIBUTE = "page_cache_params"
CACHEABLE_METHODS = frozenset({"GET", "HEAD"})

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


def init_app(app: Flask) -> None:
    """Register the early answer; call before any other extension adds a before_request."""
    generation.listen()
    url = app.config.get("REDIS_URL")
    store: Store
    if url:
        store = RedisStore(
            url, app.config["KB_PAGE_CACHE_PREFIX"], app.config["KB_PAGE_CACHE_SECONDS"]
        )
    else:
        store = PageStore()
    app.extensions[EXTENSION_KEY] = store
    app.extensions[ROUTES_KEY] = {}
    from kb.extensions import db

    with app.app_context():
        app.extensions[READER_KEY] = generation.Reader(db.engine)
    app.before_request(answer_from_cache)


def _store(app: Flask) -> Store:
    store: Store = app.extensions[EXTENSION_KEY]
    return store


def clear(app: Flask) -> None:
    """Forget every cached page of this app."""
    _store(app).clear()


# --- the key ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    key: str
    clean: bool  # the query holds only parameters the view declared
    coding: str  # the content coding this answer gets
    generation: str


_LOOKUP = "kb_page_cache_lookup"


def candidate(environ: dict[str, Any], config: Any) -> bool:
    """GET or HEAD without a session cookie, not from htmx, with the cache on."""
    if config["KB_PAGE_CACHE_SECONDS"] <= 0:
        return False
    if environ.get("REQUEST_METHOD") not in CACHEABLE_METHODS:
        return False
    if environ.get("HTTP_HX_REQUEST") == "true":
        return False
    cookie = environ.get("HTTP_COOKIE")
    return not cookie or config["SESSION_COOKIE_NAME"] not in parse_cookie(cookie)


def query_pairs(environ: dict[str, Any]) -> list[tuple[str, str]] | None:
    """The query as Werkzeug parses it for request.args; None if it cannot be read."""
    query = environ.get("QUERY_STRING", "")
    if not query:
        return []
    try:
        return parse_qsl(
            query.encode("latin1").decode(), keep_blank_values=True, errors="werkzeug.url_quote"
        )
    except (UnicodeError, ValueError):
        return None


@functools.lru_cache(maxsize=256)
def _accepted_language(header: str, locales: tuple[str, ...], default: str) -> str:
    return str(parse_accept_header(header, LanguageAccept).best_match(locales) or default)


def language(environ: dict[str, Any], config: Any) -> str:
    """What kb.i18n.select_locale() chooses, read from the environ."""
    locales = tuple(config["KB_LOCALES"])
    cookie = environ.get("HTTP_COOKIE")
    if cookie:
        chosen = parse_cookie(cookie).get(config["KB_LANGUAGE_COOKIE"])
        if chosen and chosen in locales:
            return str(chosen)
    header = environ.get("HTTP_ACCEPT_LANGUAGE", "")
    return _accepted_language(header, locales, str(config["BABEL_DEFAULT_LOCALE"]))


@functools.lru_cache(maxsize=256)
def _accepted_coding(header: str, algorithms: tuple[str, ...]) -> str:
    chosen = parse_accept_header(header, Accept).best_match(algorithms)
    return chosen if chosen in ("br", "gzip") else IDENTITY


def coding(environ: dict[str, Any], config: Any) -> str:
    """The content coding this answer gets, as Flask-Compress would choose it."""
    if not config["KB_COMPRESS_PAGES"]:
        return IDENTITY
    header = environ.get("HTTP_ACCEPT_ENCODING", "")
    return _accepted_coding(header, tuple(config["COMPRESS_ALGORITHM"]))


def key_for(
    environ: dict[str, Any],
    endpoint: str,
    params: tuple[str, ...],
    config: Any,
    current: str,
    pairs: list[tuple[str, str]] | None = None,
) -> Lookup | None:
    """The page's key from the WSGI environ, for the middleware and Flask alike.

    Scheme, host and prefix as the request gives them (after ProxyFix and the prefix
    middleware), the path, the declared parameters in a fixed order, the language, and
    the generation `current`. None for an address too long to keep or a query that
    cannot be read.
    """
    if pairs is None:
        pairs = query_pairs(environ)
        if pairs is None:
            return None
    wanted = set(params)
    declared = [(name, value) for name in sorted(wanted) for found, value in pairs if found == name]
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    material = [
        endpoint,
        environ.get("wsgi.url_scheme"),
        host,
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        declared,
        language(environ, config),
    ]
    encoded = json.dumps(material, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if len(encoded) > MAX_KEY_BYTES:
        return None
    key = hashlib.sha256(encoded + b"\0" + current.encode()).hexdigest()
    clean = all(name in wanted for name, _ in pairs)
    return Lookup(key, clean, coding(environ, config), current)


def _lookup(params: tuple[str, ...]) -> Lookup | None:
    environ = request.environ
    config = current_app.config
    pairs = query_pairs(environ)
    # The key reads the environ as the middleware does; the page is rendered from what
    # Flask makes of it. Should the two ever disagree, nothing is kept.
    if pairs is None or pairs != list(request.args.items(multi=True)):
        return None
    if language(environ, config) != select_locale():
        return None
    current = generation.current().token
    return key_for(environ, request.endpoint or "", params, config, current, pairs)


def learn_route(app: Flask, path: str, endpoint: str, params: tuple[str, ...]) -> None:
    """Tell the middleware that `path` is answered by a cached view with these params
    (the URL map routes a path the same way every time). Only addresses with a page
    found or made: an address that answers 404 costs the middleware nothing."""
    routes: dict[str, tuple[str, tuple[str, ...]]] = app.extensions[ROUTES_KEY]
    if path not in routes:
        if len(routes) >= MAX_ROUTES:
            routes.clear()
        routes[path] = (endpoint, params)


# --- answering ----------------------------------------------------------------------------


def answer_from_cache() -> Response | None:
    """The before_request hook: a stored page, before any other hook runs."""
    view = current_app.view_functions.get(request.endpoint or "")
    params = getattr(view, PARAMS_ATTRIBUTE, None)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if params is None or not candidate(request.environ, app.config):
        return None
    lookup = _lookup(params)
    setattr(g, _LOOKUP, lookup)
    if lookup is None:
        return None
    page = fetch(app, lookup)
    if page is None:
        return None
    learn_route(app, request.environ.get("PATH_INFO", ""), request.endpoint or "", params)
    return _answer(page, lookup.coding)


def fetch(app: Flask, lookup: Lookup) -> Page | None:
    """The stored page of `lookup`, fresh and of its generation, in its coding if that
    pays (compressed here once, and kept, if it was stored in another)."""
    store = _store(app)
    config = app.config
    page = store.get(lookup.key, lookup.coding)
    if (
        page is None
        or page.generation != lookup.generation
        or page.created + config["KB_PAGE_CACHE_SECONDS"] <= time.time()
    ):
        return None
    if lookup.coding not in page.bodies and _compressible(page, lookup.coding, config):
        page = _with_coding(page, lookup.coding, config)
        store.put(lookup.key, replace(page, bodies={lookup.coding: page.bodies[lookup.coding]}))
    return page


def _with_coding(page: Page, coding: str, config: Any) -> Page:
    body = page.bodies[IDENTITY]
    if coding == "br":
        compressed = brotli.compress(body, quality=config["COMPRESS_BR_LEVEL"])
    elif coding == "gzip":
        compressed = gzip.compress(body, compresslevel=config["COMPRESS_LEVEL"])
    else:
        return page
    return replace(page, bodies={**page.bodies, coding: compressed})


def _compressible(page: Page, coding: str, config: Any) -> bool:
    return (
        coding != IDENTITY
        and page.mimetype in config["COMPRESS_MIMETYPES"]
        and len(page.bodies[IDENTITY]) >= config.get("COMPRESS_MIN_SIZE", 500)
    )


def _answer(page: Page, coding: str) -> Response:
    if coding not in page.bodies:
        coding = IDENTITY
    response = Response(page.bodies[coding], headers=list(page.headers))
    if coding != IDENTITY:
        # Flask-Compress leaves an answer with a Content-Encoding as it is.
        response.headers["Content-Encoding"] = coding
        etag, weak = response.get_etag()
        if etag and not weak:  # a strong validator names one representation
            response.set_etag(coded_etag(etag, coding))
    return cast(Response, response.make_conditional(request))


# --- the decorator ------------------------------------------------------------------------


class _Watching:
    """Notes each query parameter a view reads (all of them when it lists the whole)."""

    read: set[str]

    def _note(self, key: object) -> None:
        self.read.add(str(key))

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return super().__getitem__(key)  # type: ignore[misc]

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return bool(super().__contains__(key))  # type: ignore[misc]

    def getlist(self, key: str, type: Any = None) -> list[Any]:
        self._note(key)
        return list(super().getlist(key, type))  # type: ignore[misc]

    def __iter__(self) -> Any:
        self._note("*")
        return super().__iter__()  # type: ignore[misc]

    def keys(self) -> Any:
        self._note("*")
        return super().keys()  # type: ignore[misc]

    def items(self, multi: bool = False) -> Any:
        self._note("*")
        return super().items(multi)  # type: ignore[misc]

    def values(self) -> Any:
        self._note("*")
        return super().values()  # type: ignore[misc]

    def lists(self) -> Any:
        self._note("*")
        return super().lists()  # type: ignore[misc]

    def to_dict(self, flat: bool = True) -> Any:
        self._note("*")
        return super().to_dict(flat)  # type: ignore[misc]

    def copy(self) -> Any:
        """A copy (a form that renames parameters) that goes on noting reads."""
        raw = cast(dict[str, list[str]], self)
        duplicate = _WatchedCopy({key: list(values) for key, values in dict.items(raw)})
        duplicate.read = self.read
        return duplicate


class _WatchedCopy(_Watching, MultiDict[str, str]):
    pass


class WatchedArgs(_Watching, ImmutableMultiDict[str, str]):  # type: ignore[misc]
    pass


def _watch_args() -> WatchedArgs:
    watched = WatchedArgs(request.args.items(multi=True))
    watched.read = set()
    # Request.args is a cached property: put the watched copy in its place.
    request.__dict__["args"] = watched
    return watched


@overload
def anonymous_page_cache(view: F) -> F: ...


@overload
def anonymous_page_cache(*, params: Iterable[str] = ()) -> Callable[[F], F]: ...


def anonymous_page_cache(view: F | None = None, *, params: Iterable[str] = ()) -> Any:
    """Keep the view's pages for readers without a session.

    `params` names every query parameter the view reads (request.args); the others
    neither make entries nor change the page. Use bare or with arguments:
    `@anonymous_page_cache` or `@anonymous_page_cache(params=("topic", "after"))`.
    """
    declared = tuple(params)

    def decorate(function: F) -> F:
        @wraps(function)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            lookup: Lookup | None = g.get(_LOOKUP)
            if lookup is None or not lookup.clean:
                return _conditional(make_response(function(*args, **kwargs)))
            watched = _watch_args()
            response = make_response(function(*args, **kwargs))
            undeclared = watched.read - set(declared)
            if undeclared:
                log.warning(
                    "page cache: %s reads %s, not declared in its params: not stored",
                    request.endpoint,
                    ", ".join(sorted(undeclared)),
                )
                return _conditional(response)
            page = _page(response)
            if page is None:
                return _conditional(response)
            page = replace(page, generation=lookup.generation)
            config = current_app.config
            if _compressible(page, lookup.coding, config):
                page = _with_coding(page, lookup.coding, config)
            # Filed by the middleware with the finished answer's headers (kb.cache_wsgi).
            request.environ[PENDING] = (lookup.key, page)
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            learn_route(app, request.environ.get("PATH_INFO", ""), request.endpoint or "", declared)
            return _answer(page, lookup.coding)

        setattr(wrapped, PARAMS_ATTRIBUTE, declared)
        return cast(F, wrapped)

    if view is not None:
        return decorate(view)
    return decorate


def _page(response: Response) -> Page | None:
    if (
        response.status_code != 200
        or "Set-Cookie" in response.headers
        or "Content-Encoding" in response.headers
        or response.is_streamed
    ):
        return None
    body = response.get_data()
    if len(body) > MAX_PAGE_BYTES:
        return None
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() != "content-length"
    )
    return Page(time.time(), "", headers, response.mimetype or "", {IDENTITY: body})


def _conditional(response: Response) -> Response:
    if response.status_code == 200 and ("ETag" in response.headers or response.last_modified):
        return cast(Response, response.make_conditional(request))
    return response
