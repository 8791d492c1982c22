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


# A demo entry with several revisions (kb/demo_data/articles/) and comments
# (kb/demo_data/community.yaml).
DEMO_ARTICLE = "darf-eine-behoerde-eine-facebook-seite-betreiben"

# A demo draft (by Lena Schulz) the demo admin is invited to write on and has not answered.
INVITED_DRAFT = "voneinander-lernen-veranstaltungsreihen-und-austausch-fuer-social-media-teams"

# A demo entry hidden by the moderation (kb/demo_data/articles/15-follower-kaufen).
HIDDEN_ARTICLE = "mehr-reichweite-sofort-follower-fuer-behoerdenkanaele-kaufen"

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
    # As an editor: the shared history template with its restore buttons.
    Page(path=f"/articles/{DEMO_ARTICLE}/history", name="article-history-editor", login=True),
    Page(path=f"/articles/{DEMO_ARTICLE}/diff?from=1&to=3", name="article-diff"),
    Page(path="/articles/new", name="article-new", login=True),
    Page(path=f"/articles/{DEMO_ARTICLE}/edit", name="article-edit", login=True),
    # With the demo admin's open invitation to write on a draft (accept/decline forms).
    Page(path="/articles/drafts", name="article-drafts", login=True),
    # That draft as an editor sees it: who is invited and has not answered yet.
    Page(path=f"/articles/{INVITED_DRAFT}", name="article-draft-invited", login=True),
    # The demo admin wrote the first demo comment (on DEMO_ARTICLE).
    Page(path="/comments/1/edit", name="comment-edit", login=True),
    Page(path="/account/bookmarks", name="account-bookmarks", login=True),
    # The demo entry the moderation hid: readers get the notice in its place (410), a
    # moderator the entry with the note that it is hidden.
    Page(path=f"/articles/{HIDDEN_ARTICLE}", name="article-hidden", status=410),
    Page(path=f"/articles/{HIDDEN_ARTICLE}", name="article-hidden-moderator", login=True),
    # The demo admin's notifications: replies and comments (read), an invitation and an
    # event change (unread), with open and mark-as-read forms.
    Page(path="/notifications", name="notifications", login=True),
]


# --- events (kb/events) -----------------------------------------------------------------
# The demo events are dated relative to the day the demo is loaded (kb/demo_data/events.yaml);
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
    Page(path=f"/events/series/{DEMO_SERIES}", name="event-series-logged-in", login=True),
    Page(path=f"/events/series/{DEMO_SERIES}/edit", name="event-series-edit", login=True),
    Page(path="/events/new", name="event-new", login=True),
    Page(path=f"/events/{DEMO_EVENT}/edit", name="event-edit", login=True),
    Page(path=f"/events/{DEMO_EVENT}/cancel", name="event-cancel", login=True),
    Page(path=f"/events/{DEMO_EVENT}/delete", name="event-delete", login=True),
    Page(path="/events/mine", name="events-mine", login=True),
    Page(path="/events/gibt-es-nicht", name="event-not-found", status=404),
]


# --- the authority registry and the census (kb/authorities) -----------------------------------
# Slugs come from the demo registry (kb/demo_data/authorities.yaml), so a renamed demo authority
# fails here at import rather than as a puzzling 404.


def _demo_registry() -> dict[str, str]:
    from kb.authorities.demo import demo_registry
    from kb.directory import Kind

    authorities = demo_registry().authorities
    (defence,) = [
        spec
        for spec in authorities
        if spec.kind == Kind.FEDERAL_MINISTRY and spec.name == "Bundesministerium der Verteidigung"
    ]
    assert defence.accounts, "the demo ministry of defence should have an account"
    (city,) = [spec for spec in authorities if spec.name == "Stadt Musterstadt (fiktiv)"]
    return {"ministry": defence.slug, "city": city.slug}


_DEMO_REGISTRY = _demo_registry()
# A real federal ministry with an account the source names.
DEMO_MINISTRY = _DEMO_REGISTRY["ministry"]
# „Stadt Musterstadt (fiktiv)“: demo members work there and it has a case study.
DEMO_CITY = _DEMO_REGISTRY["city"]

REGISTRY += [
    Page(path="/authorities/", name="authorities"),
    Page(path="/authorities/?level=bund&platform=facebook", name="authorities-filtered"),
    Page(path=f"/authorities/{DEMO_MINISTRY}", name="authority-ministry"),
    Page(path=f"/authorities/{DEMO_CITY}", name="authority-city"),
    Page(path="/authorities/census", name="census"),
    Page(path="/authorities/census?land=BY", name="census-land"),
    Page(path="/authorities/census?kind=bundesministerium", name="census-kind"),
    Page(path="/authorities/new", name="authority-new", login=True),
    Page(path=f"/authorities/{DEMO_CITY}/accounts/new", name="account-new", login=True),
    Page(path="/authorities/review", name="authorities-review", login=True),
    Page(path="/authorities/gibt-es-nicht", name="authority-not-found", status=404),
]


# --- case studies (kb/cases) ---------------------------------------------------------------


def _demo_cases() -> dict[str, object]:
    from kb.cases.demo import demo_cases

    cases = demo_cases().cases
    by_authority = {spec.authority: spec.slug for spec in cases}
    # The demo admin wrote the Musterstadt case (kb/demo_data/cases.yaml).
    (own,) = [spec for spec in cases if spec.authority == DEMO_CITY]
    assert own.creator == "Katrin Hoffmann"
    return {
        "own": own.slug,
        "other": by_authority["stadtwerke-musterstadt-fiktiv"],
        "third": by_authority["kreisverwaltung-beispielkreis-fiktiv"],
        "real": by_authority["stadt-nuernberg"],
    }


_DEMO_CASES = _demo_cases()
DEMO_CASE = str(_DEMO_CASES["own"])
DEMO_CASE_OTHER = str(_DEMO_CASES["other"])
DEMO_CASE_THIRD = str(_DEMO_CASES["third"])
DEMO_CASE_REAL = str(_DEMO_CASES["real"])

REGISTRY += [
    Page(path="/cases/", name="cases"),
    Page(path="/cases/?level=kommune&platform=facebook", name="cases-filtered"),
    Page(path=f"/cases/{DEMO_CASE}", name="case"),
    Page(path=f"/cases/{DEMO_CASE}", name="case-logged-in", login=True),
    Page(path="/cases/new", name="case-new", login=True),
    Page(path=f"/cases/{DEMO_CASE}/edit", name="case-edit", login=True),
    Page(path=f"/cases/{DEMO_CASE}/edit/team", name="case-edit-section", login=True),
    Page(path=f"/cases/{DEMO_CASE}/history", name="case-history"),
    # No /cases/<slug>/diff: load_cases gives every demo case its first revision only,
    # so there are no two revisions to compare.
    Page(path=f"/cases/compare?c={DEMO_CASE}&c={DEMO_CASE_REAL}", name="cases-compare-2"),
    Page(
        path=f"/cases/compare?c={DEMO_CASE}&c={DEMO_CASE_OTHER}&c={DEMO_CASE_THIRD}",
        name="cases-compare-3",
    ),
    # One case is not a comparison: the page says so (422, the form's error status).
    Page(path=f"/cases/compare?c={DEMO_CASE}", name="cases-compare-1", status=422),
    Page(path="/cases/mine", name="cases-mine", login=True),
    Page(path="/cases/gibt-es-nicht", name="case-not-found", status=404),
]


# --- search (kb/search) ----------------------------------------------------------------------
# "Datenshutz" is one typo away from a word of the demo content: the page offers
# "Meinten Sie …?". "xyzzyqqq" matches nothing: the page lists topics and the newest entries.

REGISTRY += [
    Page(path="/search", name="search"),
    Page(path="/search?q=Datenschutz", name="search-results"),
    Page(path="/search?q=Datenshutz", name="search-suggestion"),
    Page(path="/search?q=xyzzyqqq", name="search-no-results"),
    Page(path="/search?q=Datenschutz&type=article", name="search-type"),
    # What cannot be searched is told in plain words: 400 (a page past the last one: 404).
    Page(path="/search?type=nope", name="search-bad-input", status=400),
    Page(path="/search?q=Datenschutz&page=999", name="search-page-past-end", status=404),
    # The moderation queue with the demo's open reports, held comment and appeal
    # (kb/moderation/demo_queue.py), filtered and not.
    Page(path="/moderation/", name="moderation-queue", login=True),
    Page(path="/moderation/?what=held&type=comment", name="moderation-queue-held", login=True),
    # The demo's first decision: a hidden comment under appeal, with the form to decide it.
    # Decision 1 is the demo reports' dismissal, 2 the hidden comment under appeal.
    Page(path="/moderation/decisions/2", name="moderation-decision", login=True),
    # A demo member's profile (accounts.yaml: the third account) and the fourth's account.
    Page(path="/moderation/items/profile/3", name="moderation-item", login=True),
    Page(path="/moderation/users/4", name="moderation-account", login=True),
]


# --- administration (kb/admin) ------------------------------------------------------------------
# The demo accounts are made first: the demo moderator (Jonas Weber) is member 2, and the demo
# audit log names the demo admin making him one. Topic 1 and platform 1 are the first the
# migrations seed ("Datenschutz und Recht", "Facebook").

DEMO_MODERATOR_ID = 2

REGISTRY += [
    Page(path="/admin/", name="admin", login=True),
    Page(path="/admin/users", name="admin-users", login=True),
    Page(path="/admin/users?q=demo.example&role=moderator", name="admin-users-found", login=True),
    Page(path=f"/admin/users/{DEMO_MODERATOR_ID}", name="admin-user", login=True),
    Page(path="/admin/topics", name="admin-topics", login=True),
    Page(path="/admin/topics/1", name="admin-topic", login=True),
    Page(path="/admin/platforms", name="admin-platforms", login=True),
    Page(path="/admin/platforms/1", name="admin-platform", login=True),
    Page(path="/admin/audit", name="admin-audit", login=True),
    Page(path="/admin/audit?action=admin.role", name="admin-audit-filtered", login=True),
    # A filter that cannot be applied is told next to its field: 400.
    Page(path="/admin/audit?since=gestern", name="admin-audit-bad-filter", login=True, status=400),
]


# --- reports (kb/moderation: report_views) -------------------------------------------------
# The demo accounts are the first users the demo creates (kb/demo_data/accounts.yaml), so
# their ids follow their order there.


def _demo_user_id(display_name: str) -> int:
    from kb.accounts.demo import demo_accounts

    names = [user.display_name for user in demo_accounts().users]
    return names.index(display_name) + 1


REGISTRY += [
    # A member's profile the demo admin has not reported (kb/demo_data/reports.yaml).
    Page(
        path=f"/moderation/report/profile/{_demo_user_id('Lena Schulz')}",
        name="report-form",
        login=True,
    ),
    # The demo admin's own profile: no form, the page says why.
    Page(
        path=f"/moderation/report/profile/{_demo_user_id('Katrin Hoffmann')}",
        name="report-own",
        login=True,
        status=403,
    ),
    # The demo admin's reports: one open, one decided.
    Page(path="/moderation/my-reports", name="my-reports", login=True),
]


# --- watched words (kb/moderation/watched_views.py) -------------------------------------------
# The demo loads one word of each action (kb/moderation/watched_demo.py), so the list shows
# rows with their forms.

REGISTRY += [
    Page(path="/admin/watched-words", name="admin-watched-words", login=True),
]
