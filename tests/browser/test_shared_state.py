"""The browser suite's server runs as configured: in CI (TEST_APP_REDIS_URL) its page cache
lives in Redis, as with REDIS_URL in production, so the suite checks that set-up."""

from __future__ import annotations

import json
import os
import urllib.request

import pytest

from .conftest import AppServer


def test_the_server_shares_state_through_redis_when_asked(app_server: AppServer) -> None:
    url = os.environ.get("TEST_APP_REDIS_URL")
    with urllib.request.urlopen(f"{app_server.base_url}/healthz", timeout=10) as response:
        health = json.load(response)
    if not url:
        assert "redis" not in health
        if os.environ.get("CI") == "true":
            pytest.fail("TEST_APP_REDIS_URL is not set in CI")
        pytest.skip("set TEST_APP_REDIS_URL=redis://127.0.0.1:6379/14 to run on Redis")
    assert health["redis"] == "ok"
    import redis

    with urllib.request.urlopen(f"{app_server.base_url}/articles/", timeout=10) as response:
        assert response.status == 200
    stored = redis.Redis.from_url(url).keys(f"{app_server.page_cache_prefix}*")
    assert stored, "an anonymous page was not stored in Redis under the server's prefix"
