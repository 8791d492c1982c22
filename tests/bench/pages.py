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

# A demo one-off event (kb/demo_data/events.yaml); its slug does not depend on the date.
PAGES += [
    Page("/events/", "event list"),
    Page("/events/fachtagung-behoerden-im-social-web-fiktiv", "event page"),
]

# The registry, the census and case studies (kb/authorities, kb/cases). The census counts
# the whole registry: measure it with `--demo-args "--authorities 10000"` as well.
PAGES += [
    Page("/authorities/", "registry list"),
    Page("/authorities/census", "census page"),
    Page("/cases/", "case list"),
    # A demo case about a fictional city (kb/demo_data/cases.yaml); its slug is fixed.
    Page("/cases/musterstadt-krisenkommunikation-beim-hochwasser-fiktiv", "case page"),
]
