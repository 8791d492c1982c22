"""The site's own address comes from the configuration, never from a request.

Every absolute link the app writes (mailed links, feeds, calendars, the OpenSearch
description, the sitemap) is built from `KB_BASE_URL`. The request's Host and any
forwarded host or prefix header are attacker-chosen: a password-reset mail built from
them would send the token to the attacker's site, and a cached page built from them
would send every reader there. In production, requests for other hosts are refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request
from werkzeug.exceptions import SecurityError
from werkzeug.routing import MapAdapter
from werkzeug.wsgi import get_host

from kb.config import ConfigError

DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
TESTING_BASE_URL = "http://localhost"


class AddressError(ConfigError):
    pass


@dataclass(frozen=True)
class BaseUrl:
    scheme: str
    netloc: str  # host[:port]
    hostname: str
    path: str  # "" or "/prefix" without a trailing slash

    @classmethod
    def parse(cls, value: str) -> BaseUrl:
        try:
            parts = urlsplit(value.strip())
            hostname = parts.hostname
            port = parts.port  # raises ValueError for a port out of range
        except ValueError as error:
            raise AddressError(f"KB_BASE_URL is not a valid address: {value!r}") from error
        if parts.scheme not in ("http", "https") or not hostname:
            raise AddressError(
                f"KB_BASE_URL must be an http(s) address such as https://amtsnetz.example,"
                f" not {value!r}"
            )
        if parts.username or parts.password or parts.query or parts.fragment:
            raise AddressError(
                f"KB_BASE_URL takes no user, query or fragment, only scheme, host, port and"
                f" path: {value!r}"
            )
        netloc = hostname if port is None else f"{hostname}:{port}"
        if ":" in hostname:  # an IPv6 address
            netloc = f"[{hostname}]" if port is None else f"[{hostname}]:{port}"
        return cls(parts.scheme, netloc, hostname, parts.path.rstrip("/"))


def configure(config: dict[str, Any]) -> None:
    """Derive Flask's own settings from KB_BASE_URL (required in production)."""
    env = config["KB_ENV"]
    value = config.get("KB_BASE_URL")
    if not value:
        if env == "production":
            raise AddressError(
                "KB_BASE_URL is not set. Set it to the site's public address, e.g."
                " KB_BASE_URL=https://amtsnetz.example: every mailed link is built from it."
            )
        value = TESTING_BASE_URL if env == "testing" else DEVELOPMENT_BASE_URL
    base = BaseUrl.parse(value)
    config["KB_BASE_URL"] = f"{base.scheme}://{base.netloc}{base.path}"
    config["SERVER_NAME"] = base.netloc
    config["PREFERRED_URL_SCHEME"] = base.scheme
    config["APPLICATION_ROOT"] = base.path or "/"
    if env == "production":
        extra = config.get("KB_TRUSTED_HOSTS") or ()
        config["KB_ANSWERED_HOSTS"] = [base.hostname, *_hosts(extra)]


def _hosts(values: Iterable[str]) -> list[str]:
    return [value.strip().lower() for value in values if value.strip()]


class TrustedHostMiddleware:
    """Answers 400 to a request for a host the site is not, before the app sees it
    (Flask's TRUSTED_HOSTS would fail later, inside the error page's own links)."""

    def __init__(self, app: Any, hosts: list[str]) -> None:
        self.app = app
        self.hosts = hosts

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        try:
            get_host(environ, self.hosts)
        except SecurityError:
            body = b"400 Bad Request: unknown host\n"
            start_response(
                "400 Bad Request",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self.app(environ, start_response)


class CanonicalApp(Flask):
    """Builds URLs for the configured address, whatever the request says."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        adapter = super().create_url_adapter(request)
        if adapter is not None and request is not None:
            # super() has taken SERVER_NAME as the host; the scheme and the prefix come
            # from the configuration too.
            adapter.url_scheme = self.config["PREFERRED_URL_SCHEME"]
            adapter.script_name = self.config["APPLICATION_ROOT"].rstrip("/") + "/"
        return adapter


class PrefixMiddleware:
    """Serves the app under the path of KB_BASE_URL (e.g. /amtsnetz): what a proxy's
    X-Forwarded-Prefix would say, taken from the configuration instead."""

    def __init__(self, app: Any, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            path = path[len(self.prefix) :]  # the proxy passed the prefix on
        environ["SCRIPT_NAME"] = self.prefix
        environ["PATH_INFO"] = path or "/"
        return self.app(environ, start_response)
