"""`flask --app wsgi demo`: the steps the features declare, their data files, and the
synthetic data for benchmarks, which comes from tests/bench/synthetic.py."""

from __future__ import annotations

import importlib
from importlib.resources.abc import Traversable
from pathlib import Path

import pytest
import yaml
from flask import Flask
from sqlalchemy import func, select

from kb import cli, registry
from kb.articles.demo import read_markdown
from kb.community.demo import demo_targets
from kb.extensions import db

DEMO_DATA = Path(__file__).resolve().parent.parent / "kb" / "demo_data"


def run_demo(app: Flask, *args: str) -> list[str]:
    result = app.test_cli_runner().invoke(args=["demo", *args])
    assert result.exit_code == 0, f"{result.output} {result.exception!r}"
    return result.output.splitlines()


def row_counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return {
            table.name: db.session.scalar(select(func.count()).select_from(table)) or 0
            for table in db.metadata.sorted_tables
        }


def data_files(app: Flask) -> dict[str, Traversable]:
    """The data file (or folder) of each step a feature declares, by step name."""
    files = {}
    for step in registry.of(app).demo_steps:
        module = importlib.import_module(step.load.__module__)
        if module.__name__.startswith("kb.") and hasattr(module, "DATA"):
            files[step.name] = module.DATA
    return files


def parse(file: Traversable) -> int:
    """Parse a data file, or every file in a data folder; returns how many it parsed."""
    if file.is_dir():
        return sum(parse(child) for child in file.iterdir())
    if file.name.endswith(".md"):
        assert read_markdown(file)["body"].strip(), file.name
    else:
        assert file.name.endswith(".yaml"), file.name
        assert yaml.safe_load(file.read_text(encoding="utf-8")), file.name
    return 1


def test_steps_run_in_order_and_end_with_the_login(app: Flask) -> None:
    steps = [step.name for step in registry.of(app).demo_steps]
    assert steps == [
        "accounts",
        "taxonomy",
        "articles",
        "events",
        "authorities",
        "cases",
        "community",
        "moderation-reports",
        "moderation-queue",
        "admin",
        "watched_words",
        "notifications",
        "search",
        "login",
    ]
    lines = run_demo(app)
    assert len(lines) == len(steps)
    assert lines[0].startswith("Demo users: 6 created")
    assert lines[-1] == (
        "Log in as katrin.hoffmann@demo.example.org "
        "with the password 'demo-passwort-amtsnetz' (admin)."
    )


def test_demo_twice_changes_no_row_count(app: Flask) -> None:
    run_demo(app)
    first = row_counts(app)
    assert all(first[name] for name in ("users", "articles", "events", "authorities"))
    assert all(first[name] for name in ("case_studies", "comments", "likes", "notifications"))
    lines = run_demo(app)
    assert row_counts(app) == first
    created = [line for line in lines if " created" in line]
    assert len(created) == 9
    assert all(": 0 " in line for line in created), created


def test_every_step_reads_a_data_file_that_parses(app: Flask) -> None:
    files = data_files(app)
    # The core seeds the taxonomy from code (kb/taxonomy.py); the search indexes what the
    # other steps loaded.
    assert set(files) == {step.name for step in registry.of(app).demo_steps} - {
        "taxonomy",
        "search",
        "admin",  # one audit entry, made in code (kb/admin/demo.py)
    }
    for name, file in files.items():
        assert parse(file) >= 1, name
    # No data file lies there unread.
    used = {Path(str(file)).relative_to(DEMO_DATA).parts[0] for file in files.values()}
    assert used == {path.name for path in DEMO_DATA.iterdir()}


def test_comments_and_likes_reach_the_content_they_name(app: Flask) -> None:
    run_demo(app)
    targets = demo_targets()
    assert {target.type for target in targets} == {"article", "case"}
    with app.app_context():
        for target in targets:
            model = registry.of(app).get(target.type).model  # type: ignore[union-attr]
            record = db.session.scalar(select(model).where(model.slug == target.slug))
            assert record is not None, (target.type, target.slug)
            assert record.like_count == len(target.likes), target.slug
            comments = sum(1 + len(comment.replies) for comment in target.comments)
            assert record.comment_count == comments, target.slug


def test_synthetic_data_comes_from_the_repository(app: Flask) -> None:
    with app.app_context():
        path = cli.synthetic_path()
    assert path == Path(__file__).resolve().parent / "bench" / "synthetic.py"


def test_synthetic_data_needs_the_repository(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An installed app without the checkout: tests/bench/synthetic.py is not next to it.
    missing = tmp_path / "tests" / "bench" / "synthetic.py"
    monkeypatch.setattr(cli, "synthetic_path", lambda: missing)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--articles", "5"])
    assert result.exit_code != 0
    assert str(missing) in result.output and "repository" in result.output
    assert row_counts(app)["users"] == 0  # it stops before loading anything
    assert runner.invoke(args=["demo"]).exit_code == 0  # the demo alone needs no checkout


@pytest.mark.parametrize("option", ["--articles", "--events", "--authorities"])
def test_negative_counts_are_refused(app: Flask, option: str) -> None:
    result = app.test_cli_runner().invoke(args=["demo", option, "-1"])
    assert result.exit_code != 0 and option in result.output


def test_demo_users_have_names_no_reader_could_confuse(app: Flask) -> None:
    from kb.users import User, name_skeleton

    run_demo(app)
    with app.app_context():
        users = list(db.session.scalars(select(User)))
        assert users
        assert all(user.name_skeleton == name_skeleton(user.display_name) for user in users)
        assert len({user.name_skeleton for user in users}) == len(users)
