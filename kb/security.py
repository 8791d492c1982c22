"""Response headers every page carries, and the check that keeps redirects on this site."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Not no-referrer: Flask-WTF checks a same-origin Referer on HTTPS POSTs.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


# A year, as the HSTS preload list asks; without includeSubDomains, since the site may
# live on a subdomain of an authority's own domain.
STRICT_TRANSPORT_SECURITY = "max-age=31536000"


def init_app(app: Flask) -> None:
    # In production over https (KB_BASE_URL), browsers are told to use https only;
    # they ignore the header on plain http, so it does not depend on the proxy's scheme.
    hsts = app.config["KB_ENV"] == "production" and app.config["PREFERRED_URL_SCHEME"] == "https"

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
        return response


def safe_next_url(target: str | None) -> str | None:
    """Return target if it is a path on this site, else None.

    Browsers treat `//host`, `/\\host` and paths with tabs or newlines stripped out as
    links to another host, so anything but a plain absolute path is refused, before and
    after percent-decoding.
    """
    if not target:
        return None
    for candidate in (target, unquote(target)):
        if not candidate.startswith("/") or candidate.startswith("//"):
            return None
        if "\\" in candidate or any(ord(char) < 32 or ord(char) == 127 for char in candidate):
            return None
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return None
    return target
