"""Cache hits answered in front of Flask, with only the work a hit needs.

A hit through Flask pays for a request context, URL routing, the session machinery, a
pool checkout and an ORM query for the generation, a Response object, the after_request
hooks and the teardown: about three times what the page itself costs to send. This
middleware sits inside ProxyFix, the host check and the prefix middleware (kb.__init__),
so it sees the real scheme, host and prefix and answers only hosts the site answers, and
outside Flask and WhiteNoise. For a request that may be cached (GET or HEAD, no session
cookie, not from htmx) it

1. looks the path up among the addresses Flask has already answered from or filed into
   the cache (kb.cache.learn_route: their endpoint and declared query parameters; the
   URL map routes a path the same way every time). A path it has not seen goes to Flask;
2. reads the content generation on a raw connection of its own (kb.generation.Reader:
   a few microseconds on SQLite, one short query on PostgreSQL). The database is the
   truth for every hit: with REDIS_URL the pages are shared through Redis, but the
   generation is not mirrored there. A mirror would save one local round trip, and a
   mirror raised after the commit can lag it (a bump lost when Redis hiccups would serve
   stale pages until something else raises it); a read of the row cannot;
3. computes the key with kb.cache.key_for, the function Flask's side uses too, and
   fetches the page (with REDIS_URL from the worker's copy, else one round trip to Redis;
   kb.cache_store);
4. writes the stored status, headers and body in the client's content coding, with the
   same ETag Flask would send, and goes through Werkzeug's make_conditional when the
   request carries a conditional header (a 304 on a matching If-None-Match).

Anything it cannot decide (an unread query, a missing page, a failed read) goes to Flask
unchanged. On the way back from Flask it files the page a cached view rendered
(kb.cache.PENDING) with the headers of the finished answer: the security headers, Vary
and the rest of what the after_request hooks added, so a hit carries the same headers as
a render (apart from what the server adds, such as Date).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from flask import Flask
from werkzeug.http import unquote_etag
from werkzeug.wrappers import Response

from kb import cache
from kb.cache_store import IDENTITY, Page, coded_etag

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# Headers of the finished answer that belong to one representation, not to the page.
PER_ANSWER = frozenset({"content-length", "content-encoding", "etag"})


class PageCacheMiddleware:
    def __init__(self, app: WSGIApp, flask_app: Flask) -> None:
        self.app = app
        self.flask_app = flask_app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        config = self.flask_app.config
        if "HTTP_HX_REQUEST" in environ or not cache.candidate(environ, config):
            return self.app(environ, start_response)
        found = self._hit(environ, config)
        if found is not None:
            return _write(found[0], found[1], environ, start_response)
        return self._through(environ, start_response)

    def _hit(self, environ: dict[str, Any], config: Any) -> tuple[Page, str] | None:
        extensions = self.flask_app.extensions
        routes = extensions.get(cache.ROUTES_KEY)
        route = routes.get(environ.get("PATH_INFO", "")) if routes is not None else None
        if route is None:
            return None
        current = extensions[cache.READER_KEY].token()
        if current is None:
            return None
        lookup = cache.key_for(environ, route[0], route[1], config, current)
        if lookup is None:
            return None
        page = cache.fetch(self.flask_app, lookup)
        return None if page is None else (page, lookup.coding)

    def _through(self, environ: dict[str, Any], start_response: StartResponse) -> Any:
        finished: list[tuple[str, list[tuple[str, str]]]] = []

        def noting_start_response(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            finished.append((status, headers))
            return start_response(status, headers, *rest)

        result = self.app(environ, noting_start_response)
        pending = environ.pop(cache.PENDING, None)
        if pending is not None and finished:
            status, headers = finished[-1]
            self._file(pending, status, headers)
        return result

    def _file(self, pending: tuple[str, Page], status: str, headers: list[tuple[str, str]]) -> None:
        key, page = pending
        # A 304 or a hook's error lacks the page's headers; a cookie is one reader's.
        if not status.startswith("200 ") or any(
            name.lower() == "set-cookie" for name, _ in headers
        ):
            return
        view_etags = [(name, value) for name, value in page.headers if name.lower() == "etag"]
        final = [(name, value) for name, value in headers if name.lower() not in PER_ANSWER]
        store = self.flask_app.extensions[cache.EXTENSION_KEY]
        store.put(key, replace(page, headers=(*final, *view_etags)))


def _write(page: Page, coding: str, environ: dict[str, Any], start_response: StartResponse) -> Any:
    if coding not in page.bodies:
        coding = IDENTITY
    body = page.bodies[coding]
    headers = [(name, value) for name, value in page.headers if name.lower() != "etag"]
    if coding != IDENTITY:
        headers.append(("Content-Encoding", coding))
    for name, value in page.headers:
        if name.lower() == "etag":
            etag, weak = unquote_etag(value)
            if coding != IDENTITY and etag and not weak:  # as Flask's side does (kb.cache)
                value = f'"{coded_etag(etag, coding)}"'
            headers.append(("ETag", value))
    headers.append(("Content-Length", str(len(body))))
    if any(name in environ for name in CONDITIONAL_HEADERS):
        response = Response(body, status=200, headers=headers)
        response.make_conditional(environ)
        return response(environ, start_response)
    start_response("200 OK", headers)
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
