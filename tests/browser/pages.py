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
