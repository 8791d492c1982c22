"""Pages of the app that ``run.py`` benchmarks.

Append a ``Page`` when a new page matters for speed. Every page must answer
HTTP 200 without a login, or the run stops before measuring anything.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str
    label: str


PAGES: list[Page] = [
    Page("/", "start page"),
    Page("/healthz", "health check"),
    Page("/articles/", "entry list"),
    Page("/articles/darf-eine-behoerde-eine-facebook-seite-betreiben", "entry page"),
]

# A demo one-off event (kb/events/demo.py); its slug does not depend on the date.
PAGES += [
    Page("/events/", "event list"),
    Page("/events/fachtagung-behoerden-im-social-web-fiktiv", "event page"),
]
