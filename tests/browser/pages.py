"""Every page the browser suite checks (axe-core, Nu HTML checker, origins, lang).

Append a ``Page`` for each new page a feature adds. ``login=True`` pages are
loaded as the demo admin; ``status`` is the HTTP status the page must answer
with (no redirect allowed). Each page is checked in German and in English.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str
    name: str
    login: bool = False
    status: int = 200


# A demo entry with several revisions and comments (kb/demo_articles.py).
DEMO_ARTICLE = "darf-eine-behoerde-eine-facebook-seite-betreiben"

REGISTRY: list[Page] = [
    Page(path="/", name="start"),
    Page(path="/auth/login", name="login"),
    Page(path="/auth/register", name="register"),
    Page(path="/auth/forgot", name="forgot-password"),
    Page(path="/impressum", name="impressum"),
    Page(path="/datenschutz", name="datenschutz"),
    Page(path="/barrierefreiheit", name="barrierefreiheit"),
    Page(path="/users/katrin-hoffmann", name="public-profile"),
    Page(path="/does-not-exist", name="not-found", status=404),
    Page(path="/auth/reset/abgelaufen", name="reset-link-invalid", status=404),
    Page(path="/account/profile", name="account-profile", login=True),
    Page(path="/account/password", name="account-password", login=True),
    Page(path="/account/delete", name="account-delete", login=True),
    Page(path="/articles/", name="articles"),
    Page(path="/articles/?topic=datenschutz-recht&sort=liked", name="articles-filtered"),
    Page(path=f"/articles/{DEMO_ARTICLE}", name="article"),
    Page(path=f"/articles/{DEMO_ARTICLE}", name="article-logged-in", login=True),
    Page(path=f"/articles/{DEMO_ARTICLE}/history", name="article-history"),
    Page(path=f"/articles/{DEMO_ARTICLE}/diff?from=1&to=3", name="article-diff"),
    Page(path="/articles/new", name="article-new", login=True),
    Page(path=f"/articles/{DEMO_ARTICLE}/edit", name="article-edit", login=True),
    Page(path="/articles/drafts", name="article-drafts", login=True),
    # The demo admin wrote the first demo comment (on DEMO_ARTICLE).
    Page(path="/comments/1/edit", name="comment-edit", login=True),
    Page(path="/account/bookmarks", name="account-bookmarks", login=True),
]


# --- events (kb/events) -----------------------------------------------------------------
# The demo events are dated relative to the day the demo is loaded (kb/events/demo.py);
# the suite loads it just before the server starts, so the same rules give the same slugs
# and months here.


def _demo_events() -> dict[str, object]:
    from datetime import date
    from zoneinfo import ZoneInfo

    from kb.events.demo import demo_events
    from kb.events.models import DEFAULT_TIMEZONE, Format

    events = demo_events(date.today())
    by_title = {spec.event.title: spec for spec in events}
    (conference,) = [spec for spec in events if spec.event.format == Format.CONFERENCE]
    (cancelled,) = [spec for spec in events if spec.cancelled_because]
    (series,) = [spec for spec in events if spec.recurrence is not None]
    start = conference.event.starts_at.astimezone(ZoneInfo(DEFAULT_TIMEZONE))
    return {
        "one_off": conference.slug,
        "attended": by_title["Shitstorm-Training: Krisenkommunikation in Echtzeit üben"].slug,
        "cancelled": cancelled.slug,
        "series": series.slug,
        "month": f"{start.year:04d}-{start.month:02d}",
    }


_DEMO_EVENTS = _demo_events()
# A two-day conference by a member; the demo admin (a moderator) may manage it.
DEMO_EVENT = str(_DEMO_EVENTS["one_off"])
# A hybrid workshop the demo admin takes part in (the attend button shows as pressed).
DEMO_EVENT_ATTENDED = str(_DEMO_EVENTS["attended"])
DEMO_EVENT_CANCELLED = str(_DEMO_EVENTS["cancelled"])
DEMO_SERIES = str(_DEMO_EVENTS["series"])
# The month of DEMO_EVENT, as the calendar's ?month= parameter.
DEMO_EVENT_MONTH = str(_DEMO_EVENTS["month"])

REGISTRY += [
    Page(path="/events/", name="events"),
    Page(path="/events/?land=BY&format=workshop", name="events-filtered"),
    Page(path="/events/?when=past", name="events-past"),
    Page(path="/events/calendar", name="events-calendar"),
    Page(path=f"/events/calendar?month={DEMO_EVENT_MONTH}", name="events-calendar-month"),
    Page(path=f"/events/{DEMO_EVENT}", name="event"),
    # Another event than the anonymous one: the loader caches pages by path.
    Page(path=f"/events/{DEMO_EVENT_ATTENDED}", name="event-logged-in", login=True),
    Page(path=f"/events/{DEMO_EVENT_CANCELLED}", name="event-cancelled"),
    Page(path=f"/events/series/{DEMO_SERIES}", name="event-series"),
    Page(path="/events/new", name="event-new", login=True),
    Page(path=f"/events/{DEMO_EVENT}/edit", name="event-edit", login=True),
    Page(path=f"/events/{DEMO_EVENT}/cancel", name="event-cancel", login=True),
    Page(path=f"/events/{DEMO_EVENT}/delete", name="event-delete", login=True),
    Page(path="/events/mine", name="events-mine", login=True),
    Page(path="/events/review", name="events-review", login=True),
    Page(path="/events/gibt-es-nicht", name="event-not-found", status=404),
]
