"""Deleting an account asks what becomes of the member's public contributions: kept
under "deleted account", or deleted with the account, for every post type of the registry."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, insert, select

from kb import registry
from kb.articles.models import Article, ArticleRevision, article_coauthors
from kb.cases.models import CaseRevision, CaseStudy
from kb.community.models import Bookmark, Comment, Like
from kb.content.models import PublishState
from kb.events.models import Attendance, Event, EventSeries, Frequency
from kb.extensions import db
from kb.timeutil import utcnow
from kb.users import User
from tests.conftest import PASSWORD, Auth, Client

EN = {"Accept-Language": "en"}


def _article(author_id: int, tag: str) -> Article:
    article = Article(
        slug=f"eintrag-{tag}",
        title=f"Eintrag {tag}",
        body="Text",
        body_html="<p>Text</p>",
        status=PublishState.PUBLISHED,
        published_at=utcnow(),
        creator_id=author_id,
    )
    db.session.add(article)
    db.session.flush()
    db.session.add(
        ArticleRevision(article_id=article.id, number=1, author_id=author_id, title=article.title)
    )
    return article


def _case(author_id: int, tag: str) -> CaseStudy:
    case = CaseStudy(
        slug=f"fall-{tag}",
        title=f"Fallstudie {tag}",
        status=PublishState.PUBLISHED,
        published_at=utcnow(),
        creator_id=author_id,
    )
    db.session.add(case)
    db.session.flush()
    db.session.add(CaseRevision(case_id=case.id, number=1, author_id=author_id, title=case.title))
    return case


def _event(author_id: int, tag: str) -> Event:
    starts = utcnow() + timedelta(days=10)
    event = Event(
        slug=f"termin-{tag}",
        title=f"Termin {tag}",
        creator_id=author_id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    db.session.add(event)
    return event


def _comment(author_id: int, tag: str) -> Comment:
    """A comment on an entry by nobody in particular, counted on the entry."""
    target = Article(
        slug=f"ziel-{tag}",
        title=f"Ziel {tag}",
        body_html="",
        status=PublishState.PUBLISHED,
        published_at=utcnow(),
    )
    db.session.add(target)
    db.session.flush()
    comment = Comment(
        target_type="article",
        target_id=target.id,
        author_id=author_id,
        body=f"Kommentar {tag}",
        body_html=f"<p>Kommentar {tag}</p>",
        submission_key=tag.ljust(16, "x"),
    )
    target.comment_count = 1
    db.session.add(comment)
    return comment


# One public post of each post type, by `author_id`; `tag` tells them apart.
POSTS: dict[str, Callable[[int, str], Any]] = {
    "article": _article,
    "case": _case,
    "event": _event,
    "comment": _comment,
}


def title_of(name: str, tag: str) -> str:
    return {
        "article": f"Eintrag {tag}",
        "case": f"Fallstudie {tag}",
        "event": f"Termin {tag}",
        "comment": f"Kommentar {tag}",
    }[name]


def test_every_post_type_says_what_a_member_alone_owns(app: Flask) -> None:
    posts = [content_type for content_type in registry.of(app) if content_type.is_post]
    assert {content_type.name for content_type in posts} == set(POSTS)
    assert all(content_type.owned_by is not None for content_type in posts)


def make_posts(app: Flask, name: str, member: User, other: User) -> tuple[int, int, str]:
    """The member's post and another member's; returns their ids and the first's URL."""
    with app.app_context(), app.test_request_context():
        mine = POSTS[name](member.id, "mein")
        theirs = POSTS[name](other.id, "fremd")
        db.session.commit()
        url = registry.current().types[name].url(mine)
        return mine.id, theirs.id, url


def delete_account(client: Client, contributions: str) -> Any:
    return client.post_form(
        "/account/delete", {"password": PASSWORD, "contributions": contributions}
    )


@pytest.mark.parametrize("name", sorted(POSTS))
def test_deleting_the_contributions_deletes_the_members_posts(
    app: Flask, client: Client, auth: Auth, make_user: Any, name: str
) -> None:
    member, other = make_user(), make_user()
    mine, theirs, url = make_posts(app, name, member, other)
    assert title_of(name, "mein") in client.get(url, headers=EN).get_data(as_text=True)

    auth.login(member.email)
    response = delete_account(client, "delete")
    assert response.status_code == 303

    model = registry.of(app).types[name].model
    with app.app_context():
        assert db.session.get(User, member.id) is None
        assert db.session.get(model, mine) is None
        assert db.session.get(model, theirs) is not None
    page = client.get(url, headers=EN)
    assert title_of(name, "mein") not in page.get_data(as_text=True)
    if name != "comment":  # a comment's address is its target's page, which stays
        assert page.status_code == 404


@pytest.mark.parametrize("name", sorted(POSTS))
def test_keeping_the_contributions_shows_them_under_deleted_account(
    app: Flask, client: Client, auth: Auth, make_user: Any, name: str
) -> None:
    member, other = make_user(display_name="Ottilie Quastenflosser"), make_user()
    mine, theirs, url = make_posts(app, name, member, other)

    auth.login(member.email)
    response = delete_account(client, "keep")
    assert response.status_code == 303

    content_type = registry.of(app).types[name]
    with app.app_context():
        record = db.session.get(content_type.model, mine)
        assert record is not None and content_type.owner_ids(record) == set()
        assert db.session.get(content_type.model, theirs) is not None
    page = client.get(url, headers=EN)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert title_of(name, "mein") in html
    assert "deleted account" in html
    assert "Quastenflosser" not in html


def test_the_choice_is_required(app: Flask, client: Client, auth: Auth, make_user: Any) -> None:
    member = make_user()
    auth.login(member.email)
    page = client.get("/account/delete", headers=EN).get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="contributions"[^>]*>', page)
    assert [re.search(r'value="(\w+)"', radio).group(1) for radio in radios] == [  # type: ignore[union-attr]
        "keep",
        "delete",
    ]
    assert not any("checked" in radio for radio in radios)  # neither answer is assumed

    for data in ({}, {"contributions": "vielleicht"}):
        response = client.post_form("/account/delete", {"password": PASSWORD, **data}, headers=EN)
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert 'id="contributions-error"' in html
        assert "Please choose what happens to your contributions." in html
    with app.app_context():
        assert db.session.get(User, member.id) is not None


def add_coauthor(article_id: int, user_id: int) -> None:
    db.session.execute(
        insert(article_coauthors).values(
            article_id=article_id, user_id=user_id, invited_at=utcnow(), accepted_at=utcnow()
        )
    )


def test_an_entry_written_with_others_stays_without_the_member(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member, coauthor = make_user(), make_user(display_name="Konrad Mitautor")
    with app.app_context(), app.test_request_context():
        shared = _article(member.id, "gemeinsam")
        db.session.flush()
        add_coauthor(shared.id, coauthor.id)
        # Started by someone whose account is gone, continued by the member alone.
        orphaned = _article(coauthor.id, "verwaist")
        orphaned.creator_id = None
        db.session.flush()
        add_coauthor(orphaned.id, member.id)
        db.session.commit()
        shared_id, orphaned_id = shared.id, orphaned.id

    auth.login(member.email)
    assert delete_account(client, "delete").status_code == 303

    with app.app_context():
        kept = db.session.get(Article, shared_id)
        assert kept is not None and kept.creator_id is None
        assert [user.id for user in kept.coauthors] == [coauthor.id]
        assert db.session.get(Article, orphaned_id) is None
    html = client.get("/articles/eintrag-gemeinsam", headers=EN).get_data(as_text=True)
    assert "Konrad Mitautor" in html and "deleted account" in html


def test_what_a_member_alone_owns_agrees_with_the_owners_of_each_record(
    app: Flask, make_user: Any
) -> None:
    """owned_by() in SQL says the same as owner_ids() == {member} in Python."""
    member, other = make_user(), make_user()
    with app.app_context(), app.test_request_context():
        records = []
        for name, make in POSTS.items():
            records += [(name, make(member.id, f"{name}-a")), (name, make(other.id, f"{name}-b"))]
        shared = _article(member.id, "geteilt")
        coauthored = _article(other.id, "mitgeschrieben")
        db.session.flush()
        add_coauthor(shared.id, other.id)
        add_coauthor(coauthored.id, member.id)
        records += [("article", shared), ("article", coauthored)]
        db.session.flush()
        for name, record in records:
            content_type = registry.current().types[name]
            db.session.expire(record)
            assert content_type.owned_by is not None
            in_sql = db.session.scalar(
                select(func.count())
                .select_from(content_type.model)
                .where(content_type.model.id == record.id, content_type.owned_by(member.id))
            )
            assert bool(in_sql) == (content_type.owner_ids(record) == {member.id}), (
                name,
                record.id,
            )
        db.session.rollback()


def test_deleted_comments_are_counted_again_and_take_their_replies(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member, other = make_user(), make_user()
    with app.app_context():
        comment = _comment(member.id, "gezaehlt")
        db.session.flush()
        own_reply = Comment(
            target_type="article",
            target_id=comment.target_id,
            parent_id=comment.id,
            author_id=member.id,
            body="Nachtrag",
            body_html="<p>Nachtrag</p>",
            submission_key="n" * 16,
        )
        reply = Comment(
            target_type="article",
            target_id=comment.target_id,
            parent_id=comment.id,
            author_id=other.id,
            body="Antwort",
            body_html="<p>Antwort</p>",
            submission_key="a" * 16,
        )
        db.session.add_all([own_reply, reply])
        article = db.session.get(Article, comment.target_id)
        assert article is not None
        article.comment_count = 3
        db.session.commit()
        article_id = article.id

    auth.login(member.email)
    assert delete_account(client, "delete").status_code == 303

    with app.app_context():
        article = db.session.get(Article, article_id)
        assert article is not None and article.comment_count == 0
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_a_deleted_event_takes_its_attendances_and_a_series_goes_too(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member, guest = make_user(), make_user()
    with app.app_context():
        series = EventSeries(
            slug="stammtisch",
            title="Stammtisch",
            creator_id=member.id,
            frequency=Frequency.MONTHLY,
            weekday=3,
            week_of_month=1,
            local_start=utcnow().time().replace(tzinfo=None, microsecond=0),
            duration_minutes=120,
            first_date=date.today(),
            materialised_until=date.today(),
        )
        db.session.add(series)
        db.session.flush()
        occurrence = _event(member.id, "stammtisch-1")
        occurrence.series_id = series.id
        db.session.flush()
        db.session.add(Attendance(event_id=occurrence.id, user_id=guest.id))
        db.session.commit()

    auth.login(member.email)
    assert delete_account(client, "delete").status_code == 303

    with app.app_context():
        for model in (EventSeries, Event, Attendance):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_kept_series_stay_under_deleted_account(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member = make_user()
    with app.app_context():
        db.session.add(
            EventSeries(
                slug="sprechstunde",
                title="Sprechstunde",
                creator_id=member.id,
                frequency=Frequency.WEEKLY,
                weekday=1,
                local_start=utcnow().time().replace(tzinfo=None, microsecond=0),
                duration_minutes=60,
                first_date=date.today(),
                materialised_until=date.today(),
            )
        )
        db.session.commit()

    auth.login(member.email)
    assert delete_account(client, "keep").status_code == 303

    with app.app_context():
        series = db.session.scalar(select(EventSeries))
        assert series is not None and series.creator_id is None


def test_a_deleted_entry_leaves_the_search(
    app: Flask, client: Client, auth: Auth, make_user: Any
) -> None:
    member = make_user()
    with app.app_context(), app.test_request_context():
        article = _article(member.id, "quastenflosser")
        article.summary = "Quastenflosserkunde"
        db.session.commit()
    found = client.get("/search?q=Quastenflosserkunde", headers=EN).get_data(as_text=True)
    assert "Eintrag quastenflosser" in found

    auth.login(member.email)
    assert delete_account(client, "delete").status_code == 303
    found = client.get("/search?q=Quastenflosserkunde", headers=EN).get_data(as_text=True)
    assert "Eintrag quastenflosser" not in found


@pytest.mark.parametrize(("contributions", "left"), [("delete", 0), ("keep", 1)])
def test_others_comments_likes_and_bookmarks_go_with_a_deleted_post(
    app: Flask, client: Client, auth: Auth, make_user: Any, contributions: str, left: int
) -> None:
    member, reader = make_user(), make_user()
    with app.app_context(), app.test_request_context():
        for name in ("article", "case", "event"):
            record = POSTS[name](member.id, f"{name}-kommentiert")
            db.session.flush()
            db.session.add_all(
                [
                    Comment(
                        target_type=name,
                        target_id=record.id,
                        author_id=reader.id,
                        body="Danke!",
                        body_html="<p>Danke!</p>",
                        submission_key=name.ljust(16, "x"),
                    ),
                    Like(target_type=name, target_id=record.id, user_id=reader.id),
                    Bookmark(target_type=name, target_id=record.id, user_id=reader.id),
                ]
            )
        db.session.commit()

    auth.login(member.email)
    assert delete_account(client, contributions).status_code == 303

    with app.app_context():
        for model in (Comment, Like, Bookmark):
            column = Comment.author_id if model is Comment else model.user_id
            rows = db.session.scalars(select(model.target_type).where(column == reader.id))
            assert len(set(rows)) == 3 * left, model


@pytest.mark.parametrize("name", ["article", "event"])
def test_kept_contributions_name_nobody_in_feeds_calendars_and_structured_data(
    app: Flask, client: Client, auth: Auth, make_user: Any, name: str
) -> None:
    member, other = make_user(display_name="Ottilie Quastenflosser"), make_user()
    _, _, url = make_posts(app, name, member, other)
    auth.login(member.email)
    assert delete_account(client, "keep").status_code == 303

    feed_url = "/articles/feed.atom" if name == "article" else "/events/feed.atom"
    feed = client.get(feed_url, headers=EN).get_data(as_text=True)
    assert title_of(name, "mein") in feed and "Quastenflosser" not in feed
    page = client.get(url, headers=EN).get_data(as_text=True)
    assert "Quastenflosser" not in page  # the page and its JSON-LD
    if name == "article":
        mine = feed.split(title_of(name, "mein"))[1].split("</entry>")[0]
        assert "<author><name>deleted account</name></author>" in mine
    else:
        ics = client.get(url.rstrip("/") + ".ics")
        assert ics.status_code == 200 and b"Quastenflosser" not in ics.data
