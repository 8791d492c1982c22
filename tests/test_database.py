"""SQLite under concurrent writers, pragmas, and the backup / restore drill."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    create_engine,
    func,
    insert,
    make_url,
    select,
    text,
)

from kb.extensions import db
from kb.users import User
from tests.conftest import PASSWORD, Auth, base_config, make_app, migrate_to_head, postgres_url

WRITERS = 4
WRITES_PER_WRITER = 60

counter_metadata = MetaData()
counter_table = Table(
    "concurrency_counter",
    counter_metadata,
    Column("id", Integer, primary_key=True),
    Column("value", Integer, nullable=False),
)


def write_many(database_url: str, immediate: bool, start_at: float) -> int:
    """One writer process: read-modify-write a counter many times; count lock errors.

    Like a request, each transaction does a little work between its read and its write.
    """
    import time

    import sqlalchemy.exc

    from kb import database

    if not immediate:
        database.wants_write_lock = lambda: False  # the control: plain deferred BEGIN
    app = make_app(database_url, SQLITE_BUSY_TIMEOUT_MS=10_000)
    locked = 0
    with app.app_context():
        db.engine.connect().close()
        time.sleep(max(0.0, start_at - time.time()))  # all writers start together
        for _ in range(WRITES_PER_WRITER):
            try:
                with db.engine.begin() as connection:
                    value = connection.execute(select(counter_table.c.value)).scalar_one()
                    time.sleep(0.002)
                    connection.execute(counter_table.update().values(value=value + 1))
            except sqlalchemy.exc.OperationalError as error:
                if "database is locked" not in str(error):
                    raise
                locked += 1
        db.engine.dispose()
    return locked


def run_writers(database_url: str, immediate: bool) -> tuple[int, int]:
    app = make_app(database_url)
    with app.app_context():
        counter_metadata.create_all(db.engine)
        with db.engine.begin() as connection:
            connection.execute(counter_table.delete())
            connection.execute(counter_table.insert().values(id=1, value=0))
        db.engine.dispose()
    context = multiprocessing.get_context("spawn")
    start_at = time.time() + 4  # time for the spawned interpreters to import the app
    with context.Pool(WRITERS) as pool:
        locked = sum(pool.starmap(write_many, [(database_url, immediate, start_at)] * WRITERS))
    with app.app_context():
        final = db.session.scalar(select(counter_table.c.value))
        db.session.remove()
        db.engine.dispose()
    return locked, final


def test_four_writers_no_database_is_locked(tmp_path: Path) -> None:
    locked, final = run_writers(f"sqlite:///{tmp_path}/writers.db", immediate=True)
    assert locked == 0
    assert final == WRITERS * WRITES_PER_WRITER  # and no update was lost


def test_control_deferred_transactions_do_lock(tmp_path: Path) -> None:
    """Shows the test above can fail: the same load with deferred BEGIN hits the error."""
    locked, _final = run_writers(f"sqlite:///{tmp_path}/control.db", immediate=False)
    assert locked > 0


def test_sqlite_pragmas(tmp_path: Path) -> None:
    app = make_app(f"sqlite:///{tmp_path}/pragmas.db")
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        db.engine.dispose()


def test_page_views_begin_deferred_and_posts_immediate(app: Any, client: Any) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite transaction modes")
    from sqlalchemy import event

    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("BEGIN"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        client.get("/healthz")
        assert statements[-1] == "BEGIN"
        client.post("/auth/login", data={})  # CSRF fails before the database is touched
        # The reset form looks the address up once the answer is out (when it closes).
        client.post_form("/auth/forgot", {"email": "x@y.de"}).close()
        assert statements[-1] == "BEGIN IMMEDIATE"
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_foreign_keys_cascade(app: Any, make_user: Any, client: Any) -> None:
    from kb.accounts.models import UserSession

    user = make_user()
    Auth(client).login(user.email)
    with app.app_context():
        db.session.execute(User.__table__.delete().where(User.id == user.id))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(UserSession)) == 0


# --- backup and restore ------------------------------------------------------------------


def invoke(app: Any, *args: str) -> Result:
    return app.test_cli_runner().invoke(args=list(args))


def test_backup_and_restore_drill(app: Any, make_user: Any, tmp_path: Path) -> None:
    if postgres_url():
        pytest.skip("SQLite backup; PostgreSQL is covered by test_backup_on_postgresql")
    user = make_user(email="archiv@stadt-beispiel.de", job_title="Archivarin")
    target = tmp_path / "backups" / "amtsnetz-backup.db"
    result = invoke(app, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert invoke(app, "backup", str(target)).exit_code != 0  # never overwrites

    # Restore: the copy serves as the database of a fresh app.
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored = make_app(f"sqlite:///{target}")
    with restored.app_context():
        restored_user = db.session.scalar(select(User).where(User.email == user.email))
        assert restored_user is not None and restored_user.job_title == "Archivarin"
        version = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        assert version
        db.session.remove()
        db.engine.dispose()
    client = restored.test_client()
    assert Auth(client).login(user.email, PASSWORD).status_code == 303


def test_backup_while_another_connection_writes(app: Any, tmp_path: Path) -> None:
    if postgres_url():
        pytest.skip("SQLite backup")
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    writer = sqlite3.connect(path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO login_throttles (key_hash, window_started_at, failures) "
        "VALUES ('uncommitted', '2026-01-01 00:00:00', 1)"
    )
    target = tmp_path / "during-write.db"
    result = invoke(app, "backup", str(target))
    writer.rollback()
    writer.close()
    assert result.exit_code == 0, result.output
    with sqlite3.connect(target) as copy:
        rows = copy.execute("SELECT count(*) FROM login_throttles").fetchone()[0]
    assert rows == 0  # a consistent snapshot, without the uncommitted row


def test_backup_and_restore_drill_on_postgresql(
    app: Any, database_url: str, make_user: Any, tmp_path: Path
) -> None:
    """`flask backup` (pg_dump), then the README's restore (pg_restore into a new
    database); the app on the restored database is ready and lets the member in."""
    if not postgres_url():
        pytest.skip("runs in the PostgreSQL run (TEST_DATABASE_URL)")
    user = make_user(email="archiv@stadt-beispiel.de", job_title="Archivarin")
    target = tmp_path / "amtsnetz.dump"
    result = invoke(app, "backup", str(target))
    assert result.exit_code == 0, result.output
    assert invoke(app, "backup", str(target)).exit_code != 0  # never overwrites

    url = make_url(database_url)
    restored_url = url.set(database=f"{url.database}_restored")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{restored_url.database}"'))
    try:
        libpq = restored_url.set(drivername="postgresql").render_as_string(hide_password=False)
        restore = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq}", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert restore.returncode == 0, restore.stderr
        restored = make_app(restored_url.render_as_string(hide_password=False))
        with restored.app_context():
            restored_user = db.session.scalar(select(User).where(User.email == user.email))
            assert restored_user is not None and restored_user.job_title == "Archivarin"
        client = restored.test_client()
        redis = {"redis": "ok"} if restored.config.get("REDIS_URL") else {}
        assert client.get("/healthz").get_json() == {"status": "ok", "database": "ok", **redis}
        assert Auth(client).login(user.email, PASSWORD).status_code == 303
        with restored.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(
                text(f'DROP DATABASE IF EXISTS "{restored_url.database}" WITH (FORCE)')
            )
        admin.dispose()


def test_make_run_secret_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kb import create_app
    from kb.config import ConfigError

    monkeypatch.setenv("KB_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    database = f"sqlite:///{tmp_path}/k.db"
    production_config = {
        "KB_ENV": "production",
        "KB_BASE_URL": "https://amtsnetz.example",
        "SQLALCHEMY_DATABASE_URI": database,
    }
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(production_config)
    app = create_app(base_config(database, KB_ENV="development", SECRET_KEY=None))
    result = app.test_cli_runner().invoke(args=["init-secret"])
    assert result.exit_code == 0
    key = (tmp_path / "secret_key").read_text().strip()
    production = create_app(production_config)
    assert production.config["SECRET_KEY"] == key
    assert production.config["SESSION_COOKIE_SECURE"] is True
    app.test_cli_runner().invoke(args=["init-secret"])
    assert (tmp_path / "secret_key").read_text().strip() == key  # never overwritten


def test_migrate_to_head_helper_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/twice.db"
    migrate_to_head(url)
    migrate_to_head(url)


def test_sqlite_statistics_send_lookups_by_id_to_the_primary_key(app: Any) -> None:
    """Without statistics SQLite reads every published entry to describe ten of them
    (it takes the index on the state for selective); refresh_statistics() fixes it."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite's planner statistics (PostgreSQL's autovacuum keeps its own)")
    from kb.articles.models import Article
    from kb.database import refresh_statistics

    with app.app_context():
        rows = [
            {
                "slug": f"eintrag-{number}",
                "title": f"Eintrag {number}",
                "summary": "",
                "body": "",
                "status": "published",
            }
            for number in range(2000)
        ]
        db.session.execute(insert(Article), rows)
        db.session.commit()
        # The state alone: with the moderation standing beside it, SQLite guesses right
        # even without statistics.
        query = select(Article.id).where(Article.id.in_([1, 2, 3]), Article.status == "published")
        compiled = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))

        db.session.commit()

        def plan(connection: Any) -> str:
            found = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
            return " ".join(str(row[-1]) for row in found)

        # One connection throughout: another one may keep the statistics it loaded.
        with db.engine.connect() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS sqlite_stat1")
            connection.commit()
            without = plan(connection)
            assert "INTEGER PRIMARY KEY" not in without  # the planner's guess without statistics
            refresh_statistics(connection)
            with_statistics = plan(connection)
            assert "INTEGER PRIMARY KEY" in with_statistics, with_statistics
