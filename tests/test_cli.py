from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from kb.audit import AuditEntry
from kb.extensions import db
from kb.users import Role, User
from tests.conftest import Auth


def users(app: Any) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(select(User).order_by(User.id)))


def test_users_create_admin(app: Any) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "Chefin@Behoerde.example", "--admin", "--name", "Anna Chefin"],
        input="ein-sicheres-passwort\nein-sicheres-passwort\n",
    )
    assert result.exit_code == 0, result.output
    (user,) = users(app)
    assert (user.email, user.role, user.name) == (
        "chefin@behoerde.example",
        Role.ADMIN,
        "anna-chefin",
    )
    assert (
        Auth(app.test_client())
        .login("chefin@behoerde.example", "ein-sicheres-passwort")
        .status_code
        == 303
    )


def test_users_create_refuses_duplicates_and_weak_passwords(app: Any, make_user: Any) -> None:
    make_user(email="da@behoerde.example")
    runner = app.test_cli_runner()
    duplicate = runner.invoke(
        args=["users", "create", "da@behoerde.example", "--password", "x-y-z-a-b-c"]
    )
    assert duplicate.exit_code != 0 and "already registered" in duplicate.output
    weak = runner.invoke(
        args=["users", "create", "neu@behoerde.example", "--password", "password1"]
    )
    assert weak.exit_code != 0
    assert len(users(app)) == 1


def test_users_create_refuses_a_name_like_another_members(app: Any, make_user: Any) -> None:
    make_user(display_name="Anna Schmidt")
    result = app.test_cli_runner().invoke(
        args=["users", "create", "a@behoerde.example", "--name", "ANNA SCHRNIDT"],
        input="lang-genug-und-selten\nlang-genug-und-selten\n",
    )
    assert result.exit_code != 0 and "looks like another member" in result.output
    assert len(users(app)) == 1


def test_users_create_member_by_default(app: Any) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "m@behoerde.example", "--password", "lang-genug-und-selten"]
    )
    assert result.exit_code == 0, result.output
    assert users(app)[0].role == Role.MEMBER


def test_users_role_changes_the_role_at_once(app: Any, make_user: Any) -> None:
    make_user(email="m@behoerde.example", password="lang-genug-und-selten")
    client = app.test_client()
    Auth(client).login("m@behoerde.example", "lang-genug-und-selten")
    runner = app.test_cli_runner()
    assert client.get("/moderation/").status_code == 403
    for role in ("moderator", "admin", "member"):
        result = runner.invoke(args=["users", "role", "M@Behoerde.example", role])
        assert result.exit_code == 0, result.output
        assert f"-> {role}" in result.output
        assert users(app)[0].role == Role(role)
        # The logged-in session has the new role from its next request on.
        review = client.get("/moderation/")
        assert review.status_code == (403 if role == "member" else 200), role
    same = runner.invoke(args=["users", "role", "m@behoerde.example", "member"])
    assert same.exit_code == 0 and "already member" in same.output
    unknown = runner.invoke(args=["users", "role", "niemand@behoerde.example", "admin"])
    assert unknown.exit_code != 0 and "No account" in unknown.output
    bad = runner.invoke(args=["users", "role", "m@behoerde.example", "kaiser"])
    assert bad.exit_code != 0
    assert users(app)[0].role == Role.MEMBER


def test_demo_is_idempotent_and_marked(app: Any) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    created = users(app)
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "0 created" in second.output
    assert [user.id for user in users(app)] == [user.id for user in created]
    assert len(created) >= 5 and all(user.is_demo for user in created)
    roles = {user.role for user in created}
    assert roles == {Role.ADMIN, Role.MODERATOR, Role.MEMBER}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == len(created)
    page = app.test_client().get(f"/users/{created[0].name}").get_data(as_text=True)
    assert "Demo-Konto" in page


def role_changes(app: Any) -> list[tuple[int | None, str, int | None, str]]:
    with app.app_context():
        entries = db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "admin.role").order_by(AuditEntry.id)
        )
        return [(e.actor_id, e.target_type, e.subject_id, e.details) for e in entries]


def test_users_create_moderator_is_audited(app: Any) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "mod@behoerde.example",
            "--moderator",
            "--password",
            "lang-genug-und-selten",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created moderator mod@behoerde.example" in result.output
    (user,) = users(app)
    assert user.role == Role.MODERATOR
    assert role_changes(app) == [(None, "profile", user.id, "cli, new account, role: moderator")]


def test_users_create_member_writes_no_audit_entry(app: Any) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create", "m@behoerde.example", "--password", "lang-genug-und-selten"]
    )
    assert result.exit_code == 0, result.output
    assert role_changes(app) == []


def test_users_role_changes_are_audited_as_by_the_command_line(app: Any, make_user: Any) -> None:
    user = make_user(email="m@behoerde.example")
    runner = app.test_cli_runner()
    for role in ("moderator", "admin", "admin", "member"):
        assert runner.invoke(args=["users", "role", user.email, role]).exit_code == 0
    runner.invoke(args=["users", "role", "niemand@behoerde.example", "admin"])
    # One entry per change; repeating a role changes nothing and writes nothing.
    assert role_changes(app) == [
        (None, "profile", user.id, "cli, role: member → moderator"),
        (None, "profile", user.id, "cli, role: moderator → admin"),
        (None, "profile", user.id, "cli, role: admin → member"),
    ]
