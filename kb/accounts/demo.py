"""The demo accounts (kb/demo_data/accounts.yaml) and how to log in as their admin.

Idempotent: an account whose e-mail address exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import select

from kb.accounts import service
from kb.extensions import db
from kb.text import slugify
from kb.timeutil import utcnow
from kb.users import Role, User

DATA = resources.files("kb") / "demo_data" / "accounts.yaml"


@dataclass(frozen=True)
class DemoUser:
    display_name: str
    role: Role
    authority_text: str
    job_title: str
    bio: str
    # An established member, whose posts appear at once; the demo's new member's first
    # post waits in the moderation queue.
    trusted: bool = True


@dataclass(frozen=True)
class DemoAccounts:
    password: str  # the same for everyone, published on purpose
    domain: str
    users: tuple[DemoUser, ...]

    def email(self, user: DemoUser) -> str:
        return f"{slugify(user.display_name).replace('-', '.')}@{self.domain}"

    @property
    def admin(self) -> DemoUser:
        return next(user for user in self.users if user.role == Role.ADMIN)


def demo_accounts() -> DemoAccounts:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    users = tuple(DemoUser(**{**user, "role": Role(user["role"])}) for user in data["users"])
    return DemoAccounts(password=data["password"], domain=data["domain"], users=users)


def load_users(accounts: DemoAccounts) -> int:
    created = 0
    for user in accounts.users:
        email = accounts.email(user)
        if db.session.scalar(select(User.id).where(User.email == email)):
            continue
        created_user = service.create_user(
            email,
            accounts.password,
            user.display_name,
            role=user.role,
            is_demo=True,
            authority_text=user.authority_text,
            job_title=user.job_title,
            bio=user.bio,
        )
        if user.trusted:
            created_user.trusted_at = utcnow()
        created += 1
    return created


def load() -> str:
    accounts = demo_accounts()
    created = load_users(accounts)
    return f"Demo users: {created} created, {len(accounts.users) - created} already there."


def login_hint() -> str:
    """The last line of `flask demo`: nothing to load, only how to get in."""
    accounts = demo_accounts()
    return (
        f"Log in as {accounts.email(accounts.admin)} "
        f"with the password {accounts.password!r} (admin)."
    )
