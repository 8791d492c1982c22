"""The Atom feed of published case studies."""

from __future__ import annotations

from typing import cast

from feedgen.feed import FeedGenerator
from flask import current_app, url_for
from flask_babel import gettext
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.cases import policy
from kb.cases.models import CaseStudy
from kb.extensions import db
from kb.i18n import current_language
from kb.policy import ANONYMOUS

FEED_SIZE = 30


def atom() -> bytes:
    cases = list(
        db.session.scalars(
            select(CaseStudy)
            .where(policy.visible(ANONYMOUS))
            .options(selectinload(CaseStudy.authority), selectinload(CaseStudy.creator))
            .order_by(CaseStudy.published_at.desc(), CaseStudy.id.desc())
            .limit(FEED_SIZE)
        )
    )
    generator = FeedGenerator()
    site = current_app.config["KB_SITE_NAME"]
    generator.id(url_for("cases.index", _external=True))
    generator.title(f"{site} – {gettext('Case studies')}")
    generator.subtitle(gettext("Case studies: social media in public authorities"))
    generator.link(href=url_for("cases.atom_feed", _external=True), rel="self")
    generator.link(href=url_for("cases.index", _external=True), rel="alternate")
    generator.language(current_language())
    generator.rights("CC BY 4.0")
    if cases:
        generator.updated(max(case.updated_at for case in cases))
    for case in reversed(cases):  # feedgen prepends: add oldest first
        link = url_for("cases.show", slug=case.slug, _external=True)
        entry = generator.add_entry()
        entry.id(link)
        entry.title(case.title)
        entry.link(href=link)
        entry.published(case.published_at)
        entry.updated(case.updated_at)
        if case.creator is not None:
            entry.author(name=case.creator.display_name)
        if case.authority is not None:
            entry.category(term=case.authority.slug, label=case.authority.name)
        if case.summary:
            entry.summary(case.summary)
        # The texts were sanitised on save; feed readers get the same safe HTML.
        entry.content(case.goals_html + case.results_html + case.lessons_html, type="html")
    # feedgen is untyped; atom_str() returns the encoded XML.
    return cast(bytes, generator.atom_str(pretty=False))
