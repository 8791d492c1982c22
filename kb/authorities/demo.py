"""The demo registry (kb/demo_data/authorities.yaml): real authorities, the accounts the
source blog post names, and fictional authorities with invented accounts.

Real authorities carry only what is known; every figure that is not from the source
belongs to an authority marked „(fiktiv)“. All of it is marked as demo data. Synthetic
authorities for benchmarks are made by tests/bench/synthetic.py.

Idempotent: an authority whose slug (or AGS) exists is left alone with its accounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import or_, select

from kb.directory import Authority, Kind, Level, Review, SocialAccount
from kb.extensions import db
from kb.taxonomy import Platform
from kb.text import slugify
from kb.users import User

DATA = resources.files("kb") / "demo_data" / "authorities.yaml"


@dataclass(frozen=True)
class DemoAccount:
    platform: str  # slug from kb.taxonomy.PLATFORMS
    url: str
    source: str
    handle: str = ""
    last_checked: date | None = None  # None: twelve days before the demo is loaded
    since: date | None = None
    until: date | None = None
    proposed: bool = False


@dataclass(frozen=True)
class DemoAuthority:
    name: str
    kind: Kind
    level: Level
    source: str
    short_name: str = ""
    land: str = ""
    parent: str = ""  # slug of another demo authority, listed before this one
    ags: str | None = None
    website: str = ""
    accounts: tuple[DemoAccount, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.name, max_length=90)


@dataclass(frozen=True)
class DemoRegistry:
    blog: str  # how the source is named at the start of every source note
    fictional_region: str  # digits 3 to 5 of the AGS of fictional authorities
    proposer: str  # the demo user who proposed the accounts marked `proposed`
    workplaces: dict[str, str]  # demo user -> slug of the authority they work for
    authorities: tuple[DemoAuthority, ...]


def demo_registry() -> DemoRegistry:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return DemoRegistry(
        blog=data["blog"],
        fictional_region=data["fictional_region"],
        proposer=data["proposer"],
        workplaces=dict(data["workplaces"]),
        authorities=tuple(_authority(item) for item in data["authorities"]),
    )


def _authority(item: dict[str, Any]) -> DemoAuthority:
    accounts = tuple(DemoAccount(**account) for account in item.get("accounts", ()))
    return DemoAuthority(
        **{
            **item,
            "kind": Kind(item["kind"]),
            "level": Level(item["level"]),
            "accounts": accounts,
        }
    )


def load() -> str:
    specs = demo_registry()
    created = load_registry(specs)
    return f"Demo authorities: {created} created, {len(specs.authorities) - created} already there."


def load_registry(specs: DemoRegistry | None = None, today: date | None = None) -> int:
    """Create the demo authorities that are missing; returns how many were created."""
    specs = specs or demo_registry()
    today = today or date.today()
    platforms = {platform.slug: platform for platform in db.session.scalars(select(Platform))}
    proposer = db.session.scalar(
        select(User).where(User.is_demo, User.display_name == specs.proposer)
    )
    created = 0
    for spec in specs.authorities:
        if _find(spec) is not None:
            continue
        parent = _find_slug(spec.parent) if spec.parent else None
        authority = Authority(
            slug=spec.slug,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            level=spec.level,
            land=spec.land,
            parent_id=parent.id if parent else None,
            ags=spec.ags,
            website=spec.website,
            review=Review.APPROVED,
            source=spec.source,
            is_demo=True,
        )
        db.session.add(authority)
        db.session.flush()
        for account in spec.accounts:
            if account.platform not in platforms:
                continue
            db.session.add(
                SocialAccount(
                    authority_id=authority.id,
                    platform_id=platforms[account.platform].id,
                    handle=account.handle,
                    url=account.url,
                    since=account.since,
                    until=account.until,
                    last_checked=account.last_checked or today - timedelta(days=12),
                    source=account.source,
                    review=Review.PROPOSED if account.proposed else Review.APPROVED,
                    proposed_by_id=proposer.id if account.proposed and proposer else None,
                )
            )
        created += 1
    _link_demo_users(specs.workplaces)
    db.session.flush()  # raises the registry version (kb.authorities.changes)
    return created


def _find(spec: DemoAuthority) -> Authority | None:
    condition = Authority.slug == spec.slug
    if spec.ags:
        condition = or_(condition, Authority.ags == spec.ags)
    return db.session.scalar(select(Authority).where(condition).limit(1))


def _find_slug(slug: str) -> Authority | None:
    return db.session.scalar(select(Authority).where(Authority.slug == slug))


def _link_demo_users(workplaces: dict[str, str]) -> None:
    """Point the demo users at their fictional authority, unless they chose one already."""
    for display_name, slug in workplaces.items():
        user = db.session.scalar(
            select(User).where(User.is_demo, User.display_name == display_name)
        )
        authority = _find_slug(slug)
        if user is not None and authority is not None and user.authority_id is None:
            user.authority_id = authority.id
            user.show_on_authority = True
