"""A short-lived, per-worker cache of whole pages for readers without any cookie.

Most visitors are anonymous readers who carry no cookie at all, so they all see the same
HTML per address and language. Rendering it once per worker every few seconds instead of
on every request makes public pages nearly as cheap as a static file; a new comment or
entry reaches anonymous readers at most KB_PAGE_CACHE_SECONDS later. Anyone with a
session (logged in, or with a message waiting) always gets a fresh render.

Nothing a request chooses may change what another reader gets: the key holds everything
the answer depends on (the view, scheme, host, path and query, the language), and the
store is bounded in bytes as well as in entries, so a crawler that walks long or endless
query strings can neither poison it nor grow it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Flask, Response, current_app, make_response, request

from kb.htmx import is_htmx
from kb.i18n import request_locale

MAX_ENTRIES = 512
MAX_KEY_BYTES = 2048  # longer addresses are rendered every time, never stored
MAX_PAGE_BYTES = 512 * 1024
MAX_STORE_BYTES = 32 * 1024 * 1024
EXTENSION_KEY = "kb.page_cache"

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Page:
    expires: float
    body: bytes
    headers: tuple[tuple[str, str], ...]


class PageStore:
    def __init__(self) -> None:
        self.pages: dict[Key, Page] = {}
        self.size = 0

    def get(self, key: Key, now: float) -> Page | None:
        page = self.pages.get(key)
        return page if page and page.expires > now else None

    def put(self, key: Key, page: Page) -> None:
        cost = _cost(key, page)
        # Bounded: a crawler walking every filter combination empties the store rather than
        # growing it.
        if len(self.pages) >= MAX_ENTRIES or self.size + cost > MAX_STORE_BYTES:
            self.clear()
        old = self.pages.get(key)
        if old is not None:
            self.size -= _cost(key, old)
        self.pages[key] = page
        self.size += cost

    def clear(self) -> None:
        self.pages.clear()
        self.size = 0


def _cost(key: Key, page: Page) -> int:
    return sum(len(part) for part in key) + len(page.body)


def _cacheable() -> bool:
    return (
        current_app.config["KB_PAGE_CACHE_SECONDS"] > 0
        and request.method == "GET"
        and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
        and not is_htmx()
    )


def _key(view: Callable[..., Any]) -> Key | None:
    locale = str(request_locale()[0])
    key = (f"{view.__module__}.{view.__qualname__}", request.host_url, request.full_path, locale)
    if sum(len(part.encode("utf-8", "surrogatepass")) for part in key) > MAX_KEY_BYTES:
        return None
    return key


def _store(app: Flask) -> PageStore:
    store: PageStore = app.extensions.setdefault(EXTENSION_KEY, PageStore())
    return store


def clear(app: Flask) -> None:
    """Forget every cached page of this app."""
    _store(app).clear()


def anonymous_page_cache(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        key = _key(view) if _cacheable() else None
        if key is None:
            return view(*args, **kwargs)
        store = _store(current_app._get_current_object())  # type: ignore[attr-defined]
        now = time.monotonic()
        hit = store.get(key, now)
        if hit is not None:
            return Response(hit.body, headers=list(hit.headers))
        response = make_response(view(*args, **kwargs))
        if (
            response.status_code == 200
            and "Set-Cookie" not in response.headers
            and not response.is_streamed
        ):
            body = response.get_data()
            if len(body) <= MAX_PAGE_BYTES:
                headers = tuple(
                    (name, value)
                    for name, value in response.headers.items()
                    if name.lower() != "content-length"
                )
                expires = now + current_app.config["KB_PAGE_CACHE_SECONDS"]
                store.put(key, Page(expires, body, headers))
        return response

    return wrapped
