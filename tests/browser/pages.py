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
]
