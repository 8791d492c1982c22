"""What a load balancer asks an instance (README, "Health checks").

- Liveness (`/livez`): the process answers. Nothing else is asked, so a database or Redis
  outage never makes an orchestrator restart healthy processes.
- Readiness (`/healthz`): the instance can serve: the database answers and its schema is
  at the migrations' head (a release whose `db upgrade` has not run yet is not ready),
  and Redis answers when `REDIS_URL` is set.
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from kb.extensions import db

REDIS_TIMEOUT_SECONDS = 0.5
_HEADS_KEY = "kb.health.heads"


def _migrations() -> tuple[set[str], set[str]]:
    """The head revisions and all revisions of the migrations this code ships (read once
    per process)."""
    found = current_app.extensions.get(_HEADS_KEY)
    if found is None:
        directory = Path(current_app.extensions["migrate"].directory)
        if not directory.is_absolute():
            directory = Path(current_app.root_path).parent / directory
        config = Config()
        config.set_main_option("script_location", str(directory))
        script = ScriptDirectory.from_config(config)
        found = (set(script.get_heads()), {rev.revision for rev in script.walk_revisions()})
        current_app.extensions[_HEADS_KEY] = found
    return found


def database_state() -> str:
    """ "ok"; "unreachable"; "behind" (the release's migrations have not run) or "ahead"
    (the database was migrated by newer code)."""
    try:
        applied = {
            str(row[0])
            for row in db.session.execute(text("SELECT version_num FROM alembic_version"))
        }
    except Exception:  # unreachable, or a database without the migrations' table
        db.session.rollback()
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:
            current_app.logger.exception("health check: database unreachable")
            return "unreachable"
        finally:
            db.session.rollback()
        return "behind"
    finally:
        db.session.rollback()
    heads, known = _migrations()
    if applied == heads:
        return "ok"
    return "ahead" if applied - known else "behind"


def redis_state() -> str | None:
    """ "ok" or "unreachable"; None without REDIS_URL."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    import redis

    client = redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except (redis.RedisError, OSError):
        current_app.logger.warning("health check: Redis unreachable")
        return "unreachable"
    finally:
        client.close()
    return "ok"
