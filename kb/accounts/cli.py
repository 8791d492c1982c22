"""`flask --app wsgi users create EMAIL [--admin | --moderator]` and `users role EMAIL ROLE`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from kb import audit
from kb.accounts import passwords, service
from kb.accounts.forms import POLICY_MESSAGES
from kb.extensions import db
from kb.users import Role, User, name_is_confusable

# The audit log's action for a change of role, as the administration writes it too.
ROLE_CHANGE = "admin.role"

users_cli = AppGroup("users", help="Manage user accounts.")


def record_role_change(user: User, change: str) -> None:
    """Into the audit log like an admin's change, by nobody (whoever runs the command is
    not a member): "cli" says where it came from."""
    audit.record(
        None,
        ROLE_CHANGE,
        target_type="profile",
        target_id=user.id,
        label=user.display_name,
        subject_id=user.id,
        details=f"cli, {change}",
    )


@users_cli.command("create")
@click.argument("email")
@click.option("--name", "display_name", help="Name shown to others (default: from the address).")
@click.option("--admin", "role", flag_value=Role.ADMIN.value, help="Give the admin role.")
@click.option(
    "--moderator", "role", flag_value=Role.MODERATOR.value, help="Give the moderator role."
)
@click.password_option(help="Prompted for when not given (reads stdin when not a terminal).")
def create_user(email: str, display_name: str | None, role: str | None, password: str) -> None:
    """Create an account for EMAIL."""
    if service.find_user_by_email(email):
        raise click.ClickException(f"{email} is already registered.")
    display_name = display_name or email.split("@")[0].replace(".", " ").title()
    if name_is_confusable(display_name):
        # Refused as in the forms: an admin account that looks like a member's name is
        # the most useful impersonation of all.
        raise click.ClickException(
            f"The name {display_name!r} looks like another member's name; choose one with --name."
        )
    problem = passwords.policy_problem(password, [email, display_name])
    if problem:
        raise click.ClickException(str(POLICY_MESSAGES[problem]))
    user = service.create_user(email, password, display_name, role=Role(role or Role.MEMBER.value))
    if user.role != Role.MEMBER:
        record_role_change(user, f"new account, role: {user.role.value}")
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (/users/{user.name}).")


@users_cli.command("role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in Role]))
def change_role(email: str, role: str) -> None:
    """Give the account of EMAIL the ROLE member, moderator or admin (at once, on every
    server: the role is read with the session on each request)."""
    user = service.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    before = user.role
    user.role = Role(role)
    if before != user.role:
        record_role_change(user, f"role: {before.value} → {user.role.value}")
    db.session.commit()
    if before == user.role:
        click.echo(f"{user.email} is already {user.role.value}.")
    else:
        click.echo(f"{user.email}: {before.value} -> {user.role.value}.")
