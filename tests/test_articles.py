from __future__ import annotations

import re
import threading
import time
from typing import Any

import feedparser
import pytest
from flask import Flask
from sqlalchemy import event, func, select

from kb.articles import service
from kb.articles.models import Article, ArticleDraft, ArticleRevision
from kb.content.models import PublishState as Status
from kb.content.revisions import EditConflict
from kb.extensions import db
from kb.taxonomy import Platform, Topic, seed_taxonomy
from kb.users import Role
from tests.conftest import Auth, Client

BODY = "## Ausgangslage\n\nDie Stadt Musterstadt startet auf **Mastodon**.\n\n- Punkt eins\n"


@pytest.fixture
def taxonomy(app: Flask) -> None:
    with app.app_context():
        seed_taxonomy()
        db.session.commit()


@pytest.fixture
def make_article(app: Flask, taxonomy: None, make_user: Any) -> Any:
    def factory(author: Any = None, publish: bool = True, **fields: Any) -> Article:
        author = author or make_user()
        with app.app_context():
            from kb.users import User

            user = db.session.get(User, author.id)
            topics = [
                db.session.scalar(select(Topic).where(Topic.slug == s))
                for s in fields.pop("topics", [])
            ]
            platforms = [
                db.session.scalar(select(Platform).where(Platform.slug == s))
                for s in fields.pop("platforms", [])
            ]
            data = service.ArticleInput(
                title=fields.pop("title", "Ein Eintrag über Mastodon"),
                summary=fields.pop("summary", "Kurz gesagt."),
                body=fields.pop("body", BODY),
                topics=topics,
                platforms=platforms,
            )
            article = service.create_article(user, data, publish=publish)
            for name, value in fields.items():
                setattr(article, name, value)
            db.session.commit()
            db.session.refresh(article)
            db.session.expunge(article)
        return article

    return factory


def login(client: Client, user: Any) -> None:
    assert Auth(client).login(user.email).status_code == 303


def get_article(app: Flask, slug: str) -> Article | None:
    with app.app_context():
        return db.session.scalar(select(Article).where(Article.slug == slug))


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {"title": "Shitstorm überstehen: Grüße aus Köln", "summary": "Was hilft.", "body": BODY}
    data.update(overrides)
    return data


# --- writing -------------------------------------------------------------------------------


def test_write_and_publish_without_javascript(
    app: Flask, client: Client, make_user: Any, taxonomy: None
) -> None:
    user = make_user(display_name="Anna Autorin")
    login(client, user)
    response = client.post_form(
        "/articles/new",
        form_data(action="publish", topics=["krisenkommunikation"], platforms=["mastodon"]),
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/articles/shitstorm-ueberstehen-gruesse-aus-koeln"
    article = get_article(app, "shitstorm-ueberstehen-gruesse-aus-koeln")
    assert article.status == Status.PUBLISHED and article.published_at is not None
    assert "<strong>Mastodon</strong>" in article.body_html  # rendered once, on save
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Anna Autorin" in page and "Krisenkommunikation" in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ArticleRevision)) == 1


def test_draft_is_private(app: Flask, client: Client, make_user: Any, taxonomy: None) -> None:
    author = make_user()
    login(client, author)
    client.post_form("/articles/new", form_data(action="draft", title="Geheimer Entwurf"))
    assert client.get("/articles/geheimer-entwurf").status_code == 200
    assert "Geheimer Entwurf" in client.get("/articles/drafts").get_data(as_text=True)
    reader = app.test_client()
    assert reader.get("/articles/geheimer-entwurf").status_code == 404
    assert "Geheimer Entwurf" not in reader.get("/articles/").get_data(as_text=True)
    assert b"Geheimer Entwurf" not in reader.get("/articles/feed.atom").data


def test_form_errors_keep_input(client: Client, make_user: Any, taxonomy: None) -> None:
    login(client, make_user())
    response = client.post_form(
        "/articles/new", form_data(title="A", body="", summary="Bleibt", coauthors="gibt-es-nicht")
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    for field in ("title", "body", "coauthors"):
        assert f'id="{field}-error"' in html
    assert "Bleibt" in html and "gibt-es-nicht" in html


def test_slug_is_unique_and_stable_after_publishing(
    app: Flask, client: Client, make_user: Any, make_article: Any
) -> None:
    author = make_user()
    first = make_article(author=author, title="Netiquette schreiben")
    second = make_article(author=author, title="Netiquette schreiben")
    assert (first.slug, second.slug) == ("netiquette-schreiben", "netiquette-schreiben-2")
    login(client, author)
    response = client.post_form(
        f"/articles/{first.slug}/edit",
        form_data(title="Eine ganz neue Überschrift", version=first.version + 0),
    )
    assert response.status_code == 303
    assert get_article(app, "netiquette-schreiben").title == "Eine ganz neue Überschrift"


def test_preview_is_sanitised_and_saves_nothing(
    app: Flask, client: Client, make_user: Any, taxonomy: None
) -> None:
    login(client, make_user())
    response = client.htmx_post("/articles/preview", {"body": "**fett** <script>alert(1)</script>"})
    html = response.get_data(as_text=True)
    assert "<strong>fett</strong>" in html and "<script>" not in html
    no_js = client.post_form("/articles/new", form_data(action="preview"))
    assert no_js.status_code == 200
    assert "<strong>Mastodon</strong>" in no_js.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 0


def test_autosave_creates_a_draft_then_updates_it(
    app: Flask, client: Client, make_user: Any, taxonomy: None
) -> None:
    login(client, make_user())
    assert "Titel" in client.htmx_post("/articles/autosave", {"title": "", "body": "x"}).get_data(
        as_text=True
    )
    first = client.htmx_post("/articles/autosave", form_data(title="Autosave Test", body="Eins"))
    html = first.get_data(as_text=True)
    assert "Gespeichert um" in html
    assert 'id="draft_slug" name="draft_slug" value="autosave-test" hx-swap-oob="true"' in html
    version = re.search(r'id="version" name="version" value="(\d+)"', html).group(1)
    second = client.htmx_post(
        "/articles/autosave",
        form_data(title="Autosave Test", body="Zwei", draft_slug="autosave-test", version=version),
    )
    assert second.status_code == 200
    article = get_article(app, "autosave-test")
    assert article.body == "Zwei" and article.status == Status.DRAFT
    # The final submit of the new-entry form continues that draft instead of a copy.
    version = re.search(
        r'id="version" name="version" value="(\d+)"', second.get_data(as_text=True)
    ).group(1)
    client.post_form(
        "/articles/new",
        form_data(
            title="Autosave Test",
            body="Drei",
            draft_slug="autosave-test",
            version=version,
            action="publish",
        ),
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Article)) == 1
    assert get_article(app, "autosave-test").status == Status.PUBLISHED


def test_autosave_of_published_entry_is_a_private_working_copy(
    app: Flask, client: Client, make_user: Any, make_article: Any
) -> None:
    author = make_user()
    article = make_article(author=author)
    login(client, author)
    response = client.htmx_post(
        "/articles/autosave",
        form_data(
            title=article.title,
            body="Halbfertiger Satz",
            draft_slug=article.slug,
            version=article.version,
        ),
    )
    assert response.status_code == 200
    assert get_article(app, article.slug).body == BODY  # readers still see the saved text
    assert "Halbfertiger Satz" not in app.test_client().get(f"/articles/{article.slug}").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(ArticleDraft, (article.id, author.id)).body == "Halbfertiger Satz"
    edit = client.get(f"/articles/{article.slug}/edit").get_data(as_text=True)
    assert "Halbfertiger Satz" in edit and "wiederhergestellt" in edit


# --- permissions ---------------------------------------------------------------------------


def test_only_authors_and_moderators_change_an_entry(
    app: Flask, make_user: Any, make_article: Any
) -> None:
    author, stranger = make_user(), make_user()
    moderator = make_user(role=Role.MODERATOR)
    article = make_article(author=author)
    client = app.test_client()
    login(client, stranger)
    assert client.get(f"/articles/{article.slug}/edit").status_code == 403
    for url, data in (
        (f"/articles/{article.slug}/edit", form_data(version=article.version)),
        (f"/articles/{article.slug}/unpublish", {}),
        (f"/articles/{article.slug}/publish", {}),
        (f"/articles/{article.slug}/revisions/1/restore", {}),
        ("/articles/autosave", form_data(draft_slug=article.slug, version=article.version)),
    ):
        assert client.post_form(url, data).status_code == 403, url
    assert get_article(app, article.slug).title == article.title
    mod_client = app.test_client()
    login(mod_client, moderator)
    assert mod_client.get(f"/articles/{article.slug}/edit").status_code == 200


# --- co-authors: invited, shown only after accepting -------------------------------------------


@pytest.fixture
def invited(app: Flask, client: Client, make_user: Any, make_article: Any) -> dict[str, Any]:
    """An entry whose author named "Co Autorin" as co-author; nobody has answered yet."""
    author = make_user(display_name="Erste Autorin")
    coauthor = make_user(display_name="Co Autorin")
    article = make_article(author=author, title="Gemeinsam schreiben")
    login(client, author)
    response = client.post_form(
        f"/articles/{article.slug}/edit",
        form_data(title=article.title, version=article.version, coauthors="co-autorin"),
    )
    assert response.status_code == 303
    invitee = app.test_client()
    login(invitee, coauthor)
    reader = app.test_client()  # logged in: never served from the page cache
    login(reader, make_user(display_name="Lesende Person"))
    return {
        "slug": article.slug,
        "author": client,
        "invitee": invitee,
        "reader": reader,
        "coauthor": coauthor,
    }


def authors_everywhere(app: Flask, reader: Client, slug: str) -> dict[str, bool]:
    """Where "Co Autorin" is shown as an author: the entry, the list, the feed."""
    entry = reader.get(f"/articles/{slug}").get_data(as_text=True)
    byline = re.search(r'class="[^"]*entry-meta">.*?</p>', entry, re.S)
    listing = reader.get("/articles/").get_data(as_text=True)
    feed = feedparser.parse(reader.get("/articles/feed.atom").get_data())
    names = [author.get("name") for entry in feed.entries for author in entry.get("authors", [])]
    return {
        "entry": "Co Autorin" in (byline.group(0) if byline else entry),
        "list": "Co Autorin" in listing,
        "feed": "Co Autorin" in names,
    }


def coauthor_rows(app: Flask) -> list[tuple[int, bool]]:
    from kb.articles.models import article_coauthors

    with app.app_context():
        rows = db.session.execute(
            select(article_coauthors.c.user_id, article_coauthors.c.accepted_at)
        )
        return [(user_id, accepted is not None) for user_id, accepted in rows]


def test_an_invited_coauthor_is_not_shown_and_cannot_edit(
    app: Flask, invited: dict[str, Any]
) -> None:
    slug = invited["slug"]
    assert authors_everywhere(app, invited["reader"], slug) == {
        "entry": False,
        "list": False,
        "feed": False,
    }
    assert "Co Autorin" not in app.test_client().get(f"/articles/{slug}").get_data(as_text=True)
    invitee = invited["invitee"]
    assert invitee.get(f"/articles/{slug}/edit").status_code == 403
    edit = form_data(title="Übernommen", version=2)
    assert invitee.post_form(f"/articles/{slug}/edit", edit).status_code == 403
    # The author sees who is invited; the invitee sees the invitation with its two forms.
    assert "Co Autorin" in invited["author"].get(f"/articles/{slug}").get_data(as_text=True)
    drafts = invitee.get("/articles/drafts").get_data(as_text=True)
    assert "Gemeinsam schreiben" in drafts and "Erste Autorin" in drafts
    assert f'action="/articles/{slug}/invitation/accept"' in drafts
    assert f'action="/articles/{slug}/invitation/decline"' in drafts
    assert coauthor_rows(app) == [(invited["coauthor"].id, False)]


def test_accepting_shows_the_coauthor_everywhere_and_lets_them_edit(
    app: Flask, invited: dict[str, Any]
) -> None:
    slug, invitee = invited["slug"], invited["invitee"]
    response = invitee.post_form(f"/articles/{slug}/invitation/accept")
    assert response.status_code == 303 and response.headers["Location"] == f"/articles/{slug}"
    assert authors_everywhere(app, invited["reader"], slug) == {
        "entry": True,
        "list": True,
        "feed": True,
    }
    assert invitee.get(f"/articles/{slug}/edit").status_code == 200
    assert "invitation/accept" not in invitee.get("/articles/drafts").get_data(as_text=True)
    # Saving the entry again (the form names her still) keeps her accepted.
    author = invited["author"]
    edit_page = author.get(f"/articles/{slug}/edit").get_data(as_text=True)
    assert 'value="co-autorin"' in edit_page
    version = get_article(app, slug).version
    response = author.post_form(
        f"/articles/{slug}/edit",
        form_data(title="Gemeinsam schreiben", version=version, coauthors="co-autorin"),
    )
    assert response.status_code == 303
    assert coauthor_rows(app) == [(invited["coauthor"].id, True)]
    # A second answer finds no invitation.
    assert invitee.post_form(f"/articles/{slug}/invitation/accept").status_code == 404


def test_the_coauthor_ids_the_policy_keeps_follow_an_answer_in_the_same_session(
    app: Flask, invited: dict[str, Any]
) -> None:
    from kb.articles import policy, service
    from kb.users import User

    coauthor_id = invited["coauthor"].id
    with app.app_context():
        article = get_article_row(invited["slug"])
        user = db.session.get(User, coauthor_id)
        assert not policy.is_author(user, article)  # read and kept with the row
        service.accept_invitation(article, user)
        assert policy.is_author(user, article) and coauthor_id in policy.owner_ids(article)
        db.session.rollback()
        assert not policy.is_author(user, article)


def get_article_row(slug: str) -> Any:
    from kb.articles.models import Article

    return db.session.scalars(select(Article).where(Article.slug == slug)).one()


def test_declining_removes_the_invitation(app: Flask, invited: dict[str, Any]) -> None:
    slug, invitee = invited["slug"], invited["invitee"]
    response = invitee.post_form(f"/articles/{slug}/invitation/decline")
    assert response.status_code == 303 and response.headers["Location"] == "/articles/drafts"
    assert coauthor_rows(app) == []
    assert invitee.get(f"/articles/{slug}/edit").status_code == 403
    assert invitee.post_form(f"/articles/{slug}/invitation/accept").status_code == 404
    assert "Co Autorin" not in invited["author"].get(f"/articles/{slug}").get_data(as_text=True)
    assert not any(authors_everywhere(app, invited["reader"], slug).values())


def test_only_the_invitee_answers_an_invitation(
    app: Flask, invited: dict[str, Any], make_user: Any
) -> None:
    slug = invited["slug"]
    moderator = app.test_client()
    login(moderator, make_user(role=Role.MODERATOR))
    for client in (invited["author"], invited["reader"], moderator):
        for answer in ("accept", "decline"):
            url = f"/articles/{slug}/invitation/{answer}"
            assert client.post_form(url).status_code == 404, url
    anonymous = app.test_client()
    assert anonymous.post_form(f"/articles/{slug}/invitation/accept").status_code in (302, 303)
    assert app.test_client().post(f"/articles/{slug}/invitation/accept").status_code in (302, 400)
    # Without the CSRF token the invitee's own answer is refused.
    invitee = invited["invitee"]
    assert invitee.post(f"/articles/{slug}/invitation/accept").status_code == 400
    assert invitee.post(f"/articles/{slug}/invitation/decline").status_code == 400
    assert invitee.post_form("/articles/gibt-es-nicht/invitation/accept").status_code == 404
    assert coauthor_rows(app) == [(invited["coauthor"].id, False)]


def test_an_invitation_to_a_draft_opens_it_only_once_accepted(
    app: Flask, client: Client, make_user: Any, make_article: Any
) -> None:
    author = make_user()
    coauthor = make_user(display_name="Co Autorin")
    article = make_article(author=author, publish=False, title="Noch geheim")
    login(client, author)
    client.post_form(
        f"/articles/{article.slug}/edit",
        form_data(title=article.title, version=article.version, coauthors="co-autorin"),
    )
    invitee = app.test_client()
    login(invitee, coauthor)
    assert invitee.get(f"/articles/{article.slug}").status_code == 404
    drafts = invitee.get("/articles/drafts").get_data(as_text=True)
    assert "Noch geheim" in drafts and f'href="/articles/{article.slug}/edit"' not in drafts
    invitee.post_form(f"/articles/{article.slug}/invitation/accept")
    assert invitee.get(f"/articles/{article.slug}").status_code == 200
    drafts = invitee.get("/articles/drafts").get_data(as_text=True)
    assert f'href="/articles/{article.slug}/edit"' in drafts


def test_autosave_leaves_the_coauthors_as_they_are(
    app: Flask, client: Client, make_user: Any, make_article: Any
) -> None:
    author = make_user()
    coauthor = make_user(display_name="Co Autorin")
    article = make_article(author=author, publish=False, title="Ein Entwurf zu zweit")
    login(client, author)
    client.post_form(
        f"/articles/{article.slug}/edit",
        form_data(title=article.title, version=article.version, coauthors="co-autorin"),
    )
    invitee = app.test_client()
    login(invitee, coauthor)
    invitee.post_form(f"/articles/{article.slug}/invitation/accept")
    version = get_article(app, article.slug).version
    # Autosave sends the form as typed and checks no co-author names: they are not applied.
    response = client.post_form(
        "/articles/autosave",
        form_data(title=article.title, draft_slug=article.slug, version=version, coauthors=""),
    )
    assert response.status_code == 200
    assert coauthor_rows(app) == [(coauthor.id, True)]


def test_anonymous_writer_is_sent_to_login(client: Client, taxonomy: None) -> None:
    assert client.get("/articles/new").status_code == 302


# --- revisions and the lost update -----------------------------------------------------------


def test_every_save_keeps_a_revision_and_any_two_can_be_compared(
    app: Flask, client: Client, make_user: Any, make_article: Any
) -> None:
    author = make_user()
    article = make_article(author=author, body="Zeile eins\nZeile zwei\n")
    login(client, author)
    version = article.version
    for number, body in enumerate(
        ["Zeile eins\nZeile zwei geändert\n", "Zeile eins\nZeile drei\n"]
    ):
        response = client.post_form(
            f"/articles/{article.slug}/edit",
            form_data(
                title=article.title, body=body, version=version + number, note=f"Änderung {number}"
            ),
        )
        assert response.status_code == 303
    history = client.get(f"/articles/{article.slug}/history").get_data(as_text=True)
    assert "Änderung 0" in history and "Änderung 1" in history
    # On a phone each version is a stacked block: every cell names its column.
    for row in re.findall(r'<tr class="kern-table__row">(.*?)</tr>', history, re.S)[1:]:
        cells = re.findall(r"<t[hd] [^>]*>", row)
        assert cells and all("data-label=" in cell for cell in cells), row
    assert 'data-label="Ältere Version"' in history
    diff = client.get(f"/articles/{article.slug}/diff?from=1&to=3")
    assert diff.status_code == 200
    html = diff.get_data(as_text=True)
    assert "<del>zwei</del>" in html and "<ins>drei</ins>" in html
    assert client.get(f"/articles/{article.slug}/diff?from=1&to=9").status_code == 404
    assert client.get(f"/articles/{article.slug}/diff?from=x&to=1").status_code == 400
    restore = client.post_form(f"/articles/{article.slug}/revisions/1/restore")
    assert restore.status_code == 303
    assert get_article(app, article.slug).body == "Zeile eins\nZeile zwei\n"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ArticleRevision)) == 4


def test_two_editors_one_conflict_nothing_lost(
    app: Flask, make_user: Any, make_article: Any
) -> None:
    author = make_user()
    coeditor = make_user(role=Role.MODERATOR)
    article = make_article(author=author, body="Absatz A\n")
    first, second = app.test_client(), app.test_client()
    login(first, author)
    login(second, coeditor)
    base = article.version
    assert (
        first.post_form(
            f"/articles/{article.slug}/edit",
            form_data(title=article.title, body="Absatz A von Anna\n", version=base),
        ).status_code
        == 303
    )
    response = second.post_form(
        f"/articles/{article.slug}/edit",
        form_data(title=article.title, body="Absatz A von Bernd\n", version=base),
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Absatz A von Bernd" in html  # kept in the form to merge
    assert "Absatz A von Anna" in html  # the saved text is shown
    assert "<del>" in html and "<ins>" in html
    assert get_article(app, article.slug).body == "Absatz A von Anna\n"
    new_version = re.search(r'id="version" name="version" type="hidden" value="(\d+)"', html)
    new_version = new_version or re.search(r'name="version" type="hidden" value="(\d+)"', html)
    merged = second.post_form(
        f"/articles/{article.slug}/edit",
        form_data(
            title=article.title, body="Absatz A von Anna und Bernd\n", version=new_version.group(1)
        ),
    )
    assert merged.status_code == 303
    with app.app_context():
        bodies = list(
            db.session.scalars(select(ArticleRevision.body).order_by(ArticleRevision.number))
        )
    assert bodies[-2:] == ["Absatz A von Anna\n", "Absatz A von Anna und Bernd\n"]


def test_two_saves_from_the_same_version_at_the_same_moment_one_is_refused(
    app: Flask, make_user: Any, make_article: Any
) -> None:
    """Both editors loaded version N; both saves run at once. On PostgreSQL both would read
    N and both would pass a check in Python: the row lock makes the second one wait and
    see N+1. (SQLite runs writing transactions one after the other; the outcome is the same.)"""
    author = make_user()
    article = make_article(author=author, body="Absatz A\n")
    base = article.version
    with app.app_context():
        sqlite = db.engine.dialect.name == "sqlite"
    both_loaded = threading.Barrier(2, timeout=10)
    outcome: list[str] = []

    def save(body: str) -> None:
        with app.app_context():
            try:
                record = db.session.get(Article, article.id)
                editor = db.session.get(type(author), author.id)
                assert record is not None and editor is not None
                if not sqlite:  # SQLite holds its write lock from the first read on
                    both_loaded.wait()
                service.update_article(
                    record, editor, service.ArticleInput(article.title, "", body), base
                )
                time.sleep(0.3)  # the other save is under way meanwhile
                db.session.commit()
                outcome.append(body)
            except EditConflict:
                db.session.rollback()
                outcome.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(b,)) for b in ("von Anna\n", "von Bernd\n")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(outcome, key=lambda o: o == "conflict")[1:] == ["conflict"], outcome
    saved = next(o for o in outcome if o != "conflict")
    stored = get_article(app, article.slug)
    assert stored is not None and stored.body == saved and stored.version == base + 1


# --- the list ---------------------------------------------------------------------------------


def test_list_filters_sorts_and_pages(
    app: Flask, client: Client, make_user: Any, make_article: Any
) -> None:
    author = make_user()
    make_article(
        author=author, title="Über Facebook", topics=["datenschutz-recht"], platforms=["facebook"]
    )
    make_article(
        author=author,
        title="Über Mastodon",
        topics=["strategie"],
        platforms=["mastodon"],
        like_count=5,
    )
    html = client.get("/articles/?topic=datenschutz-recht").get_data(as_text=True)
    assert "Über Facebook" in html and "Über Mastodon" not in html
    html = client.get("/articles/?platform=mastodon").get_data(as_text=True)
    assert "Über Mastodon" in html and "Über Facebook" not in html
    liked = client.get("/articles/?sort=liked").get_data(as_text=True)
    assert liked.index("Über Mastodon") < liked.index("Über Facebook")
    fragment = client.get("/articles/?topic=strategie", headers={"HX-Request": "true"}).get_data(
        as_text=True
    )
    assert fragment.lstrip().startswith('<section id="article-results"') and "<html" not in fragment


def test_keyset_pagination_and_load_more(
    app: Flask, client: Client, make_user: Any, taxonomy: None
) -> None:
    from tests.bench.synthetic import load_synthetic

    make_user()
    with app.app_context():
        load_synthetic(45)
        db.session.commit()
    seen: list[str] = []
    url = "/articles/"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r'href="/articles/synthetischer-eintrag-(\d+)"', html)
        match = re.search(r'<a class="kern-btn kern-btn--secondary" href="([^"]+)"', html)
        url = match.group(1).replace("&amp;", "&") if match else ""
    assert len(seen) == 45 and len(set(seen)) == 45
    more = client.get(
        "/articles/?after="
        + re.search(r"after=([^\"&]+)", client.get("/articles/").get_data(as_text=True)).group(1),
        headers={"HX-Request": "true", "HX-Target": "load-more"},
    ).get_data(as_text=True)
    assert more.lstrip().startswith('<div id="load-more"')
    assert 'hx-swap-oob="beforeend:#article-list"' in more
    # A broken cursor, or one of another order, is refused rather than read as page 1.
    assert client.get("/articles/?after=kaputt&sort=liked").status_code == 400
    newest = re.search(r"after=([^\"&]+)", client.get("/articles/").get_data(as_text=True))
    assert client.get(f"/articles/?after={newest.group(1)}&sort=liked").status_code == 400


def count_queries(app: Flask, client: Client, url: str) -> int:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize("as_member", [False, True], ids=["anonymous", "member"])
def test_list_runs_a_constant_number_of_queries(
    app: Flask, client: Client, auth: Any, make_user: Any, make_article: Any, as_member: bool
) -> None:
    from kb.articles import service as article_service

    app.config["KB_PAGE_CACHE_SECONDS"] = 0  # count the queries, not the page cache
    author = make_user()
    if as_member:
        # A member's pages skip the page cache and add what only members see.
        auth.login(make_user().email)
        client.get("/")  # the welcome notice
    for number in range(10):
        make_article(
            author=author, title=f"Eintrag {number}", topics=["strategie"], platforms=["facebook"]
        )
    ten = count_queries(app, client, "/articles/")
    start_with_ten = count_queries(app, client, "/")
    for number in range(10, 100):
        make_article(
            author=author, title=f"Eintrag {number}", topics=["strategie"], platforms=["facebook"]
        )
    original = article_service.PAGE_SIZE
    article_service.PAGE_SIZE = 100
    try:
        hundred = count_queries(app, client, "/articles/")
    finally:
        article_service.PAGE_SIZE = original
    assert ten == hundred
    assert count_queries(app, client, "/") == start_with_ten


# --- the feed ---------------------------------------------------------------------------------


def test_atom_feed_parses(app: Flask, client: Client, make_article: Any) -> None:
    make_article(title="Feed-Eintrag", body="Text mit <script>alert(1)</script> und **fett**")
    make_article(title="Noch ein Entwurf", publish=False)
    response = client.get("/articles/feed.atom")
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.bozo_exception
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Feed-Eintrag"]
    content = parsed.entries[0].content[0].value
    assert "<script" not in content and "<strong>fett</strong>" in content


def test_atom_feed_follows_the_lists_filters(app: Flask, client: Client, make_article: Any) -> None:
    make_article(title="Krise an der Elbe", topics=["krisenkommunikation"], platforms=["mastodon"])
    make_article(title="Recht im Netz", topics=["datenschutz-recht"])
    with app.app_context():
        topic = db.session.scalar(select(Topic).where(Topic.slug == "krisenkommunikation"))
        assert topic is not None
        topic_name = topic.name

    def titles(query: str) -> tuple[list[str], Any]:
        parsed = feedparser.parse(client.get(f"/articles/feed.atom{query}").data)
        assert not parsed.bozo, parsed.bozo_exception
        # Every entry says when it last changed.
        assert all(entry.get("updated") for entry in parsed.entries)
        return [entry.title for entry in parsed.entries], parsed.feed

    everything, _feed = titles("")
    assert sorted(everything) == ["Krise an der Elbe", "Recht im Netz"]
    crisis, feed = titles("?topic=krisenkommunikation")
    assert crisis == ["Krise an der Elbe"]
    assert topic_name in feed.title
    assert any(
        link.rel == "self" and link.href.endswith("/articles/feed.atom?topic=krisenkommunikation")
        for link in feed.links
    )
    assert titles("?platform=mastodon")[0] == ["Krise an der Elbe"]
    assert titles("?topic=gibt-es-nicht")[0] == []
    # The list links to the feed of what it shows.
    page = client.get("/articles/?topic=krisenkommunikation").get_data(as_text=True)
    assert 'href="/articles/feed.atom?topic=krisenkommunikation"' in page


def test_unknown_entry_is_404(client: Client, taxonomy: None) -> None:
    assert client.get("/articles/gibt-es-nicht").status_code == 404
    assert client.get("/articles/gibt-es-nicht/history").status_code == 404


def test_diff_folds_long_unchanged_runs() -> None:
    from kb.content.diff import compare

    old = "\n".join(f"Zeile {n}" for n in range(30))
    new = old.replace("Zeile 15", "Zeile fünfzehn")
    (_title, body) = compare({"title": "T", "body": old}, {"title": "T", "body": new})
    kinds = [row.kind for row in body.rows]
    assert kinds == ["skipped", "equal", "equal", "changed", "equal", "equal", "skipped"]
    assert [row.skipped for row in body.rows if row.kind == "skipped"] == [13, 12]
    assert not _title.changed and body.changed
