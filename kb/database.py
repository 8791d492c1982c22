"""Engine set-up that makes SQLite behave under concurrent writers, and helpers for both engines."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event, exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from kb.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Rows of each index that SQLite's ANALYZE samples: enough to tell a column with a few
# values from a key, at about 0.1 s for 100,000 entries.
ANALYSIS_LIMIT = 1000

log = logging.getLogger(__name__)


def configure_engine(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    busy_timeout = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins,
        # so that write transactions can begin IMMEDIATE (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes cannot wait for the lock:
        # SQLite answers "database is locked" at once, busy_timeout or not. Requests that
        # may write (every non-GET request, every CLI command) therefore take the write
        # lock up front; plain page views stay deferred so readers never queue.
        if wants_write_lock():
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def wants_write_lock() -> bool:
    if has_request_context():
        return request.method not in SAFE_METHODS
    return True


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def upsert_insert() -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (both SQLite and PostgreSQL do)."""
    if db.engine.dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


def refresh_statistics(connection: Connection) -> None:
    """Let SQLite's query planner know the tables' sizes and their indexes' selectivity.

    Without statistics it takes an index on a column with one or two values (the
    state of an entry) for as selective as a list of ids, and reads every published
    entry to find ten of them. PostgreSQL keeps its own (autovacuum's ANALYZE).
    Runs when a process starts, after migrations and after bulk commands; it commits
    what the connection has begun.
    """
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
    connection.exec_driver_sql("ANALYZE")
    connection.commit()


def refresh_statistics_after_bulk_writes(*tables: str) -> None:
    """After a command that wrote many rows (demo, reindex): SQLite's statistics, and on
    PostgreSQL a VACUUM ANALYZE of `tables` (what autovacuum would do a minute later:
    dead rows gone, the visibility map set, the planner's estimates fresh)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                if not table.isidentifier():
                    raise ValueError(f"not a table name: {table!r}")
                connection.exec_driver_sql(f"VACUUM ANALYZE {table}")
        return
    with db.engine.connect() as connection:
        refresh_statistics(connection)


def refresh_statistics_at_start(app: Flask, engine: Engine) -> None:
    """refresh_statistics() for a new process; a busy database is left for the next."""
    if not is_sqlite(engine) or app.testing or engine.url.database in (None, "", ":memory:"):
        return
    try:
        with engine.connect() as connection:
            refresh_statistics(connection)
    except exc.OperationalError as error:
        log.warning("SQLite statistics not refreshed: %s", error)
