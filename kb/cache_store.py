"""Where cached pages are kept (kb.cache): a worker's own bounded store, or Redis shared
by every worker and host, each page with its generation, headers and a body per content
coding."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

MAX_ENTRIES = 512
MAX_STORE_BYTES = 32 * 1024 * 1024
REDIS_TIMEOUT_SECONDS = 0.5
# After Redis failed, this worker renders without it for this long before trying again.
REDIS_RETRY_SECONDS = 10.0
IDENTITY = "identity"


def coded_etag(etag: str, coding: str) -> str:
    """The strong validator of one content coding of a page: a strong ETag names one
    representation, so the compressed ones get their own (Flask's side and the
    middleware's write the same)."""
    return etag if coding == IDENTITY else f"{etag}:{coding}"


log = logging.getLogger("kb.cache")


@dataclass
class Page:
    created: float  # time.time(): comparable across hosts
    generation: str
    headers: tuple[tuple[str, str], ...]
    mimetype: str
    bodies: dict[str, bytes] = field(default_factory=dict)  # per content coding


class Store(Protocol):
    def get(self, key: str, coding: str) -> Page | None:
        """The page with its body in `coding`, or else with its plain body."""

    def put(self, key: str, page: Page) -> None:
        """Keep the page's bodies (added to those of the same render)."""

    def clear(self) -> None: ...


class PageStore:
    """A worker's own pages, bounded in bytes and entries; one generation at a time."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.size = 0
        self.generation = ""

    def get(self, key: str, coding: str) -> Page | None:
        return self.pages.get(key)

    def put(self, key: str, page: Page) -> None:
        if page.generation != self.generation:
            # The keys hold the generation: older pages would never be read again.
            self.clear()
            self.generation = page.generation
        old = self.pages.get(key)
        if old is not None:
            self.size -= _cost(key, old)
            if old.created == page.created:  # another coding of the same render
                page = replace(old, bodies={**old.bodies, **page.bodies})
        cost = _cost(key, page)
        # Bounded: a crawler walking every filter combination empties the store rather
        # than growing it.
        if len(self.pages) >= MAX_ENTRIES or self.size + cost > MAX_STORE_BYTES:
            self.clear()
        self.pages[key] = page
        self.size += cost

    def clear(self) -> None:
        self.pages.clear()
        self.size = 0


def _cost(key: str, page: Page) -> int:
    return len(key) + sum(len(body) for body in page.bodies.values())


class RedisStore:
    """Pages shared by every worker: a Redis hash per page (its headers and a body per
    content coding) that expires with the page. The generation is part of the key, so
    pages of older generations are never read again and just run out.

    Each worker also keeps the pages it read or wrote in a PageStore of its own: a page
    under a key is the page of that generation (the key holds it), so a copy is as good
    as the original until it runs out, and a hit then costs no round trip to Redis. Only
    what Redis accepted is kept there, so without Redis pages are rendered, as before.
    """

    def __init__(self, url: str, prefix: str, max_age: int) -> None:
        import redis

        self.client = redis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
        )
        self.prefix = prefix
        self.max_age = max_age
        self.errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)
        self.resting_until = 0.0
        self.local = PageStore()

    def get(self, key: str, coding: str) -> Page | None:
        kept = self.local.get(key, coding)
        # With the plain body the caller can make the coding it lacks (and keep it).
        if kept is not None and (coding in kept.bodies or IDENTITY in kept.bodies):
            return kept
        page = self._get(key, coding)
        if page is not None:
            self.local.put(key, page)
            page = self.local.get(key, coding)
        return page

    def _get(self, key: str, coding: str) -> Page | None:
        name = self.prefix + key
        found = self._call(lambda: self.client.hmget(name, ["meta", coding]))
        if not found or found[0] is None:
            return None
        meta, body = found
        if body is None:
            body = self._call(lambda: self.client.hget(name, IDENTITY))
            if body is None:
                return None
            coding = IDENTITY
        fields = json.loads(meta)
        headers = tuple((header, value) for header, value in fields["headers"])
        return Page(
            fields["created"], fields["generation"], headers, fields["mimetype"], {coding: body}
        )

    def put(self, key: str, page: Page) -> None:
        name = self.prefix + key
        meta = {
            "created": page.created,
            "generation": page.generation,
            "headers": page.headers,
            "mimetype": page.mimetype,
        }
        mapping: dict[str, bytes] = {"meta": json.dumps(meta).encode(), **page.bodies}
        ends = int((page.created + self.max_age) * 1000)

        def write() -> bool:
            # Together: a body added to a page that ran out just now must not stay forever.
            with self.client.pipeline(transaction=True) as pipeline:
                pipeline.hset(name, mapping=mapping)
                pipeline.pexpireat(name, ends)
                pipeline.execute()
            return True

        if self._call(write):
            self.local.put(key, page)

    def clear(self) -> None:
        self.local.clear()

        def delete_all() -> None:
            for name in self.client.scan_iter(match=self.prefix + "*", count=500):
                self.client.delete(name)

        self._call(delete_all)

    def _call(self, operation: Callable[[], Any]) -> Any:
        now = time.monotonic()
        if now < self.resting_until:
            return None
        try:
            return operation()
        except self.errors as error:
            self.resting_until = now + REDIS_RETRY_SECONDS
            log.warning(
                "page cache: Redis does not answer (%s); rendering without it for %d s",
                error,
                REDIS_RETRY_SECONDS,
            )
            return None
