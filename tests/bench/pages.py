"""Pages of the app that ``run.py`` benchmarks.

Append a ``Page`` when a new page matters for speed. Every page must answer
HTTP 200 (anonymous pages without a login, member pages to the bench member),
or the run stops before measuring anything.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str
    label: str
    # Requested with the session cookie of a logged-in member (run.py logs one in): such
    # pages skip the anonymous page cache, so this is what the app itself costs.
    member: bool = False


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

# The pages a logged-in member reads most (issue 13: 0.1 of hello-world or better).
MEMBER_PAGES: list[Page] = [
    Page("/", "start page, member", member=True),
    Page("/articles/", "entry list, member", member=True),
    Page("/events/", "event list, member", member=True),
    Page(
        "/articles/darf-eine-behoerde-eine-facebook-seite-betreiben",
        "entry page, member",
        member=True,
    ),
    Page("/events/fachtagung-behoerden-im-social-web-fiktiv", "event page, member", member=True),
    Page("/cases/", "case list, member", member=True),
    Page("/authorities/census", "census page, member", member=True),
]
PAGES += MEMBER_PAGES
