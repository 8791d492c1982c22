"""The comments under an entry or event, kept for every reader who sees them alike
(kb.community.service.CommunityState.shared_comments), with holes for what differs per
request (kb.templating.hole): a member's token or key never reaches another member."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, render_template_string
from sqlalchemy import event, select

from kb import templating
from kb.articles.models import Article
from kb.community.models import Comment
from kb.extensions import db
from kb.users import Role
from tests.conftest import Client
from tests.test_shared_fragments import kept, member_client, new_article

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')
REPLY_FORM = re.compile(r'id="reply-(\d+)-form"')


def comment(client: Client, app: Flask, slug: str, body: str, parent: int | None = None) -> int:
    with app.app_context():
        article_id = db.session.scalars(select(Article.id).where(Article.slug == slug)).one()
    data = {"body": body, "submission_key": f"key-{body}"}
    if parent is not None:
        data["parent_id"] = str(parent)
    answer = client.post_form(f"/community/article/{article_id}/comments", data)
    assert answer.status_code == 303, answer.status_code
    with app.app_context():
        return db.session.scalars(select(Comment.id).where(Comment.body == body)).one()


def comment_queries(app: Flask, client: Client, url: str) -> tuple[str, int]:
    """The page, and how many of its statements read the comments themselves."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        answer = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert answer.status_code == 200
    reading = [s for s in statements if "comments.body_html" in s]
    return answer.get_data(as_text=True), len(reading)


def test_the_comment_list_is_kept_and_each_member_gets_their_own_token_and_keys(
    app: Flask, make_user: Any
) -> None:
    author = make_user(role=Role.ADMIN)
    slug = new_article(app, author, "Ein Eintrag über Hochwasser-Kommunikation")
    writer = member_client(app, make_user(display_name="Wilma Weber"))
    first_id = comment(writer, app, slug, "Wir posten Pegelstände stündlich.")
    comment(writer, app, slug, "Danke für den Hinweis!", parent=first_id)
    anna = member_client(app, make_user(display_name="Anna Auer"))
    bernd = member_client(app, make_user(display_name="Bernd Bauer"))

    page_a, reads_a = comment_queries(app, anna, f"/articles/{slug}")
    parts = kept(app)
    page_b, reads_b = comment_queries(app, bernd, f"/articles/{slug}")
    assert (reads_a, reads_b) == (1, 0)  # the second member's page reads no comment
    assert kept(app) == parts
    for page in (page_a, page_b):
        assert "Wir posten Pegelstände stündlich." in page and "Danke für den Hinweis!" in page
        assert REPLY_FORM.findall(page) == [str(first_id)]
        assert "kb-hole-" not in page
    tokens_a, tokens_b = set(TOKEN.findall(page_a)), set(TOKEN.findall(page_b))
    assert len(tokens_a) == 1 and len(tokens_b) == 1 and tokens_a != tokens_b
    keys_a, keys_b = KEY.findall(page_a), KEY.findall(page_b)
    # A fresh key per form and page: the reply form and the new-comment form.
    assert len(keys_a) == 2 and len(set(keys_a + keys_b)) == 4

    # Each member's token is the one their session accepts: the reply is stored.
    reply = {"body": "Wie oft aktualisiert ihr?", "parent_id": str(first_id)}
    with app.app_context():
        target = db.session.get(Comment, first_id)
        assert target is not None
        url = f"/community/article/{target.target_id}/comments"
    answer = bernd.post(
        url, data={**reply, "csrf_token": tokens_b.pop(), "submission_key": keys_b[0]}
    )
    assert answer.status_code == 303


def test_authors_and_moderators_get_their_own_buttons_after_the_list_was_kept(
    app: Flask, make_user: Any
) -> None:
    author = make_user(role=Role.ADMIN)
    slug = new_article(app, author, "Ein Eintrag über Bürgerdialog")
    writer_user = make_user(display_name="Wilma Weber")
    writer = member_client(app, writer_user)
    comment_id = comment(writer, app, slug, "Unser Team antwortet binnen eines Tages.")
    reader = member_client(app, make_user())
    moderator = member_client(app, make_user(role=Role.MODERATOR))

    read = reader.get(f"/articles/{slug}").get_data(as_text=True)
    assert kept(app) > 0
    written = writer.get(f"/articles/{slug}").get_data(as_text=True)
    moderated = moderator.get(f"/articles/{slug}").get_data(as_text=True)

    edit = f"/comments/{comment_id}/edit"
    assert edit not in read and f"comment-{comment_id}-visibility" not in read
    assert edit in written and f"comment-{comment_id}-delete" in written
    assert f"comment-{comment_id}-visibility" in moderated and edit not in moderated
    # The author does not report their own comment; the others may.
    report = f"/moderation/report/comment/{comment_id}"
    assert report in read and report in moderated and report not in written


def test_a_new_comment_shows_on_the_next_request_of_another_member(
    app: Flask, make_user: Any
) -> None:
    author = make_user(role=Role.ADMIN)
    slug = new_article(app, author, "Ein Eintrag über Mastodon")
    reader = member_client(app, make_user())
    writer = member_client(app, make_user())
    assert "Noch keine Kommentare." in reader.get(f"/articles/{slug}").get_data(as_text=True)
    comment(writer, app, slug, "Wir sind seit 2022 dort.")
    assert "Wir sind seit 2022 dort." in reader.get(f"/articles/{slug}").get_data(as_text=True)


def test_a_comment_cannot_pose_as_a_hole(app: Flask, make_user: Any) -> None:
    author = make_user(role=Role.ADMIN)
    slug = new_article(app, author, "Ein Eintrag über Sicherheit")
    writer = member_client(app, make_user())
    forged = "kb-hole-0123456789abcdef01234567-csrf_token"
    comment(writer, app, slug, forged)
    page = member_client(app, make_user()).get(f"/articles/{slug}").get_data(as_text=True)
    assert forged in page


def test_holes_are_filled_once_by_the_outermost_kept_part(app: Flask, make_user: Any) -> None:
    new_article(app, make_user(role=Role.ADMIN), "Ein Eintrag")  # the generation has begun
    template = (
        '{% shared "outer" %}[{{ hole("csrf_token") }}]'
        '{% shared "inner" %}({{ hole("csrf_token") }}){% endshared %}{% endshared %}'
    )
    with app.test_request_context("/"):
        outside = render_template_string('{{ hole("csrf_token") }}')
        first = render_template_string(template)
        again = render_template_string(template)
        stored = [str(f.html) for f in templating.shared_store(app).entries.values()]
    assert "kb-hole-" not in outside and outside
    assert first == again == f"[{outside}]({outside})"
    # What is kept holds markers, never this request's token.
    assert all(outside not in html for html in stored)


def test_a_reply_refused_over_htmx_comes_back_with_its_message_and_input(
    app: Flask, make_user: Any
) -> None:
    """A member with no comment here sees the kept list; their own refused reply is not in
    it, so the list comes back rendered for them, the reply open, its text kept."""
    author = make_user(role=Role.ADMIN)
    slug = new_article(app, author, "Ein Eintrag über Krisenkommunikation")
    writer = member_client(app, make_user(display_name="Wilma Weber"))
    first_id = comment(writer, app, slug, "Wir haben einen Krisenstab-Kanal.")
    anna = member_client(app, make_user(display_name="Anna Auer"))
    assert anna.get(f"/articles/{slug}").status_code == 200  # the list is kept now
    with app.app_context():
        article_id = db.session.scalars(select(Article.id).where(Article.slug == slug)).one()
    too_long = "Zu lang. " * 700
    answer = anna.htmx_post(
        f"/community/article/{article_id}/comments",
        {"body": too_long, "parent_id": str(first_id), "submission_key": "key-refused"},
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert REPLY_FORM.findall(page) == [str(first_id)]
    assert f'id="reply-{first_id}-body"' in page and 'aria-invalid="true"' in page
    assert "Zu lang. Zu lang." in page
    assert re.search(r"<details[^>]*comment__reply[^>]*open", page)
