"""Comments, likes and bookmarks, on two test-only kinds of content.

"profile" (the accounts feature's content type, here opened to the community) is backed
by the users table and shown on a small test page that includes the community section,
as a detail page would. "counted" keeps like and comment counters, like entries do, on
plain objects.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask, render_template_string
from sqlalchemy import event, func, select, true

from kb import registry
from kb.community import service
from kb.community.models import Bookmark, Comment, Like
from kb.extensions import db, limiter
from kb.registry import ContentType
from kb.standing import Standing
from kb.users import Role, User
from tests.conftest import Auth, Client

PAGE = """{% extends "base.html" %}
{% block title %}{{ user.display_name }}{% endblock %}
{% block content %}
<h1 class="kern-heading-x-large">{{ user.display_name }}</h1>
{% include "community/_section.html" %}
{% endblock %}"""

LIVE_REGION_OOB = '<div id="live-region" class="live-region" role="status" hx-swap-oob="innerHTML">'
KEY = "k" * 32


class Counted:
    """Content that keeps counters, as entries do."""

    def __init__(self, object_id: int) -> None:
        self.id = object_id
        self.like_count = 0
        self.comment_count = 0


def profile_url(user: User) -> str:
    return f"/test-profiles/{user.id}"


class PlainContentType(ContentType):
    """Content kept outside the database: looked up in a dict."""

    def load_public(self, record_id: int) -> Any:
        return self.records.get(record_id)  # type: ignore[attr-defined]

    def describe(self, ids: Any, viewer: Any = None) -> dict[int, registry.Described]:
        return {i: registry.Described(f"Counted {i}", f"/counted/{i}") for i in ids}


def show_profile_page(user_id: int) -> str:
    user = db.get_or_404(User, user_id)
    return render_template_string(
        PAGE,
        user=user,
        community=service.community_state("profile", user_id),
        target_type="profile",
        target_id=user_id,
    )


@pytest.fixture
def app(app_factory: Any) -> Flask:
    """An app of its own: the tests add a page for their test content."""
    app = app_factory()
    limiter.reset()
    return app


@pytest.fixture
def targets(app: Flask) -> Iterator[dict[int, Counted]]:
    counted = {1: Counted(1)}
    types = registry.of(app).types
    real_profile = types["profile"]
    types["profile"] = dataclasses.replace(real_profile, url=profile_url, community=True)
    plain = PlainContentType(
        name="counted",
        model=Counted,
        label="Counted",
        title=None,
        summary=None,
        url=lambda obj: f"/counted/{obj.id}",
        visible=lambda viewer: true(),
        can_view=lambda viewer, obj: True,
        owner_ids=lambda obj: set(),
        community=True,
    )
    object.__setattr__(plain, "records", counted)
    types["counted"] = plain
    app.add_url_rule("/test-profiles/<int:user_id>", "test_profile_page", show_profile_page)
    yield counted
    types["profile"] = real_profile
    types.pop("counted", None)


@pytest.fixture
def english(client: Client, app: Flask) -> Client:
    client.set_cookie(app.config["KB_LANGUAGE_COOKIE"], "en")
    return client


@pytest.fixture
def page_owner(make_user: Any, targets: Any) -> User:
    return make_user(display_name="Katrin Hoffmann")


@pytest.fixture
def member(make_user: Any, auth: Auth, english: Client, targets: Any) -> User:
    user = make_user(display_name="Anna Lang")
    auth.login(user.email)
    return user


def comments_url(user: User, target_type: str = "profile") -> str:
    return f"/community/{target_type}/{user.id}/comments"


def post_comment(client: Client, owner: User, body: str = "Gute Idee!", **data: Any) -> Any:
    return client.post_form(comments_url(owner), {"body": body, **data})


def stored_comments(app: Flask) -> list[Comment]:
    with app.app_context():
        comments = list(db.session.scalars(select(Comment).order_by(Comment.id)))
        for comment in comments:
            db.session.expunge(comment)
        return comments


def count(app: Flask, model: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def add_comment(
    app: Flask, target_id: int, author: User, body: str = "Text", parent_id: int | None = None
) -> int:
    with app.app_context():
        comment = Comment(
            target_type="profile",
            target_id=target_id,
            parent_id=parent_id,
            author_id=author.id,
            body=body,
            body_html=f"<p>{body}</p>",
            submission_key=f"key-{body}-{author.id}-{parent_id}-{count(app, Comment)}",
        )
        db.session.add(comment)
        db.session.commit()
        return comment.id


def hide(app: Flask, comment_id: int, moderator: User) -> None:
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        service.set_standing(comment, Standing.HIDDEN, target=None)
        db.session.commit()


# --- writing comments ---------------------------------------------------------------


def test_comment_without_javascript_is_stored_and_redirects(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    body = "Das hat bei uns **gut** funktioniert. <script>alert(1)</script>"
    response = post_comment(english, page_owner, body, submission_key=KEY)
    [comment] = stored_comments(app)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/test-profiles/{page_owner.id}#comment-{comment.id}"
    assert comment.body == body
    assert comment.author_id == member.id
    assert comment.target_type == "profile" and comment.target_id == page_owner.id
    assert "<strong>gut</strong>" in comment.body_html
    assert "<script" not in comment.body_html and "&lt;script&gt;" in comment.body_html
    page = english.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your comment has been published." in page
    assert f'id="comment-{comment.id}"' in page
    assert "<script>alert(1)" not in page
    assert 'href="/users/anna-lang"' in page
    assert "Comments (1)" in page


def test_comment_with_htmx_answers_with_the_comment_list(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    response = english.htmx_post(
        comments_url(page_owner), {"body": "Danke für den Tipp", "submission_key": KEY}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert html.lstrip().startswith('<div class="community__comments" id="comments">')
    assert "Danke für den Tipp" in html
    assert "Comments (1)" in html
    assert LIVE_REGION_OOB in html and "Your comment has been published." in html
    # The form is empty again, with a new key for the next comment.
    form = re.search(r'<form[^>]*id="comment-form".*?</form>', html, re.S).group(0)
    assert re.search(r'<textarea[^>]*id="comment-body"[^>]*>\s*</textarea>', form)
    assert KEY not in form
    assert "HX-Request" in response.headers["Vary"]
    assert count(app, Comment) == 1


def test_a_double_submit_is_stored_once(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    first = post_comment(english, page_owner, "Einmal", submission_key=KEY)
    second = post_comment(english, page_owner, "Einmal", submission_key=KEY)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(app, Comment) == 1
    again = english.htmx_post(comments_url(page_owner), {"body": "Einmal", "submission_key": KEY})
    assert again.status_code == 200
    assert again.get_data(as_text=True).count("<p>Einmal</p>") == 1
    assert count(app, Comment) == 1


def test_an_unusable_submission_key_is_replaced(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    post_comment(english, page_owner, "Eins")
    post_comment(english, page_owner, "Zwei", submission_key="<kaputt>")
    keys = [comment.submission_key for comment in stored_comments(app)]
    assert len(keys) == 2 and len(set(keys)) == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Please write a comment."), ("   ", "Please write a comment."), ("x" * 5001, "5,000")],
)
def test_invalid_comment_without_javascript_shows_the_form_page(
    app: Flask, english: Client, page_owner: User, member: User, body: str, message: str
) -> None:
    response = post_comment(english, page_owner, body, submission_key=KEY)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count("<h1") == 1 and "Write a comment" in html
    error = re.search(r'id="comment-body-error"[^>]*>(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert f'value="{KEY}"' in html  # a corrected resubmit stays idempotent
    assert f'href="/test-profiles/{page_owner.id}"' in html
    if body.strip():
        assert body in html
    assert count(app, Comment) == 0


def test_invalid_comment_with_htmx_keeps_the_input(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    long_text = "Zu lang. " * 600
    response = english.htmx_post(
        comments_url(page_owner), {"body": long_text, "submission_key": KEY}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="comments"' in html
    assert 'id="comment-body-error"' in html and 'aria-invalid="true"' in html
    assert long_text.strip() in html
    assert f'value="{KEY}"' in html
    assert LIVE_REGION_OOB in html and "Your comment: Use at most 5,000 characters." in html
    assert count(app, Comment) == 0


# --- replies ------------------------------------------------------------------------


def test_reply_is_shown_under_its_comment(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    parent = add_comment(app, page_owner.id, page_owner, "Frage")
    response = english.htmx_post(
        comments_url(page_owner), {"body": "Antwort", "parent_id": parent, "submission_key": KEY}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Your reply has been published." in html
    # The reply form just used stays open, so focus stays where the user was.
    assert re.search(r'<details class="kern-accordion comment__reply" open>', html)
    [_, reply] = stored_comments(app)
    assert reply.parent_id == parent
    thread = re.search(rf'<article[^>]*id="comment-{parent}".*', html, re.S).group(0)
    assert f'id="comment-{reply.id}"' in thread
    assert 'id="reply-' + str(reply.id) not in html  # replies get no reply form


def test_reply_to_a_reply_is_refused(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    parent = add_comment(app, page_owner.id, page_owner, "Frage")
    reply = add_comment(app, page_owner.id, page_owner, "Antwort", parent_id=parent)
    response = post_comment(english, page_owner, "Noch tiefer", parent_id=reply)
    assert response.status_code == 422
    assert "only answer a comment" in response.get_data(as_text=True)
    assert count(app, Comment) == 2


def test_reply_to_a_comment_on_other_content_is_refused(
    app: Flask, english: Client, page_owner: User, member: User, make_user: Any
) -> None:
    other = make_user()
    elsewhere = add_comment(app, other.id, other, "Anderswo")
    response = english.htmx_post(
        comments_url(page_owner), {"body": "Antwort", "parent_id": elsewhere}
    )
    assert response.status_code == 422
    assert "no longer available" in response.get_data(as_text=True)
    assert count(app, Comment) == 1


@pytest.mark.parametrize("parent_id", ["999999", "abc"])
def test_reply_to_a_missing_or_malformed_parent_is_refused(
    app: Flask, english: Client, page_owner: User, member: User, parent_id: str
) -> None:
    response = post_comment(english, page_owner, "Antwort", parent_id=parent_id)
    assert response.status_code in (400, 422)
    assert count(app, Comment) == 0


# --- editing, deleting, hiding ------------------------------------------------------


def test_author_edits_own_comment(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    comment_id = add_comment(app, page_owner.id, member, "Tippfeler")
    form = english.get(f"/comments/{comment_id}/edit")
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert html.count("<h1") == 1 and "Tippfeler" in html
    response = english.post_form(f"/comments/{comment_id}/edit", {"body": "Tippfehler *behoben*"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#comment-{comment_id}")
    [comment] = stored_comments(app)
    assert comment.body == "Tippfehler *behoben*"
    assert "<em>behoben</em>" in comment.body_html
    assert comment.edited_at is not None
    invalid = english.post_form(f"/comments/{comment_id}/edit", {"body": ""})
    assert invalid.status_code == 422
    assert 'id="comment-body-error"' in invalid.get_data(as_text=True)


def test_others_may_not_edit_or_delete(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    comment_id = add_comment(app, page_owner.id, page_owner, "Meins")
    assert english.get(f"/comments/{comment_id}/edit").status_code == 403
    assert english.post_form(f"/comments/{comment_id}/edit", {"body": "x"}).status_code == 403
    assert english.post_form(f"/comments/{comment_id}/delete").status_code == 403
    assert english.post_form(f"/comments/{comment_id}/hide").status_code == 403
    [comment] = stored_comments(app)
    assert comment.body == "Meins" and comment.moderation == Standing.VISIBLE
    page = english.get(f"/test-profiles/{page_owner.id}").get_data(as_text=True)
    assert f"/comments/{comment_id}/edit" not in page
    assert f"/comments/{comment_id}/delete" not in page


def test_moderator_may_hide_and_delete_but_not_edit(
    app: Flask, english: Client, auth: Auth, page_owner: User, make_user: Any
) -> None:
    moderator = make_user(role=Role.MODERATOR)
    comment_id = add_comment(app, page_owner.id, page_owner, "Beleidigung")
    auth.login(moderator.email)
    assert english.get(f"/comments/{comment_id}/edit").status_code == 403
    response = english.htmx_post(f"/comments/{comment_id}/hide")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Beleidigung" in html and "Hidden" in html and "Show again" in html
    assert f'id="comment-{comment_id}-visibility"' in html
    [comment] = stored_comments(app)
    assert comment.moderation == Standing.HIDDEN
    assert english.post_form(f"/comments/{comment_id}/unhide").status_code == 303
    assert stored_comments(app)[0].moderation == Standing.VISIBLE
    assert english.post_form(f"/comments/{comment_id}/delete").status_code == 303
    assert count(app, Comment) == 0


def test_hidden_comment_is_shown_to_moderators_only_and_does_not_count(
    app: Flask, client: Client, auth: Auth, page_owner: User, make_user: Any
) -> None:
    moderator = make_user(role=Role.MODERATOR)
    reader = make_user()
    add_comment(app, page_owner.id, page_owner, "Sichtbar")
    hidden_id = add_comment(app, page_owner.id, page_owner, "Versteckt")
    hide(app, hidden_id, moderator)
    url = f"/test-profiles/{page_owner.id}"

    for who in (None, reader):
        if who:
            auth.login(who.email)
        page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "Sichtbar" in page and "Versteckt" not in page
        assert f'id="comment-{hidden_id}"' not in page
        assert "Comments (1)" in page
    auth.logout()

    auth.login(moderator.email)
    page = client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Versteckt" in page and "Hidden" in page
    assert "Comments (1)" in page


def test_hidden_comment_with_replies_leaves_a_placeholder(
    app: Flask, english: Client, page_owner: User, member: User, make_user: Any
) -> None:
    moderator = make_user(role=Role.MODERATOR)
    parent = add_comment(app, page_owner.id, page_owner, "Entgleisung")
    add_comment(app, page_owner.id, member, "Sachliche Antwort", parent_id=parent)
    hide(app, parent, moderator)
    page = english.get(f"/test-profiles/{page_owner.id}").get_data(as_text=True)
    assert "Entgleisung" not in page
    assert "This comment was hidden by the moderators." in page
    assert "Sachliche Antwort" in page
    assert "Comments (1)" in page
    # Nobody can reply to a hidden comment.
    assert post_comment(english, page_owner, "Und?", parent_id=parent).status_code == 422


def test_author_deletes_comment_with_its_replies(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    parent = add_comment(app, page_owner.id, member, "Weg damit")
    add_comment(app, page_owner.id, page_owner, "Antwort", parent_id=parent)
    keep = add_comment(app, page_owner.id, page_owner, "Bleibt")
    response = english.htmx_post(f"/comments/{parent}/delete")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Weg damit" not in html and "Bleibt" in html
    assert "The comment has been deleted." in html
    # The pressed button is gone; focus moves to the heading.
    assert re.search(r'<h2[^>]*id="comments-heading"[^>]*tabindex="-1" autofocus', html)
    assert [comment.id for comment in stored_comments(app)] == [keep]


def test_counters_on_the_content_follow_likes_and_visible_comments(
    app: Flask, english: Client, member: User, make_user: Any, auth: Auth, targets: Any
) -> None:
    counted = targets[1]
    english.post_form("/community/counted/1/comments", {"body": "Eins"})
    english.post_form("/community/counted/1/comments", {"body": "Zwei"})
    assert counted.comment_count == 2
    english.post_form("/community/counted/1/like", {"liked": "1"})
    assert counted.like_count == 1
    first = stored_comments(app)[0].id
    auth.logout()
    auth.login(make_user(role=Role.MODERATOR).email)
    english.post_form(f"/comments/{first}/hide")
    assert counted.comment_count == 1
    english.post_form(f"/comments/{first}/unhide")
    assert counted.comment_count == 2
    english.post_form(f"/comments/{first}/delete")
    assert counted.comment_count == 1
    english.post_form("/community/counted/1/like", {"liked": "1"})
    assert counted.like_count == 2
    english.post_form("/community/counted/1/like", {"liked": "0"})
    assert counted.like_count == 1


# --- likes and bookmarks ------------------------------------------------------------


def test_like_toggles_on_and_off(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    url = f"/community/profile/{page_owner.id}/like"
    button_id = f'id="like-profile-{page_owner.id}"'
    on = english.htmx_post(url, {"liked": "1"})
    html = on.get_data(as_text=True)
    assert on.status_code == 200 and "<html" not in html
    assert button_id in html and 'aria-pressed="true"' in html and "Like (1)" in html
    assert LIVE_REGION_OOB in html and "You like this." in html
    # The same click again (a double click) does not undo it.
    assert "Like (1)" in english.htmx_post(url, {"liked": "1"}).get_data(as_text=True)
    off = english.htmx_post(url, {"liked": "0"}).get_data(as_text=True)
    assert 'aria-pressed="false"' in off and "Like (0)" in off
    assert count(app, Like) == 0
    # Without the wanted state, the button toggles; without JavaScript it redirects.
    plain = english.post_form(url)
    assert plain.status_code == 303
    assert plain.headers["Location"] == f"/test-profiles/{page_owner.id}#community"
    assert count(app, Like) == 1
    page = english.get(f"/test-profiles/{page_owner.id}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page and "Like (1)" in page


def test_readers_see_the_like_count_without_a_button(
    app: Flask, client: Client, page_owner: User, make_user: Any, auth: Auth
) -> None:
    fan = make_user()
    auth.login(fan.email)
    client.post_form(f"/community/profile/{page_owner.id}/like")
    auth.logout()
    page = client.get(
        f"/test-profiles/{page_owner.id}", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "1 person likes this" in page
    assert "aria-pressed" not in page
    assert f'href="/auth/login?next=/test-profiles/{page_owner.id}"' in page
    assert "Log in to comment" in page


def test_bookmark_toggles_and_appears_in_my_bookmarks(
    app: Flask, english: Client, auth: Auth, page_owner: User, member: User, make_user: Any
) -> None:
    other_page = make_user(display_name="Bernd Beispiel")
    url = f"/community/profile/{page_owner.id}/bookmark"
    on = english.htmx_post(url, {"bookmarked": "1"}).get_data(as_text=True)
    assert 'aria-pressed="true"' in on and f'id="bookmark-profile-{page_owner.id}"' in on
    assert "Added to your bookmarks." in on
    listing = english.get("/account/bookmarks")
    assert listing.status_code == 200
    html = listing.get_data(as_text=True)
    assert html.count("<h1") == 1 and "My bookmarks" in html
    assert f'href="/test-profiles/{page_owner.id}"' in html and "Katrin Hoffmann" in html
    assert "Bernd Beispiel" not in html

    # Someone else's bookmarks are theirs alone.
    auth.logout()
    auth.login(other_page.email)
    english.post_form(f"/community/profile/{other_page.id}/bookmark")
    html = english.get("/account/bookmarks").get_data(as_text=True)
    assert "Bernd Beispiel" in html and "Katrin Hoffmann" not in html
    auth.logout()

    auth.login(member.email)
    off = english.htmx_post(url, {"bookmarked": "0"}).get_data(as_text=True)
    assert 'aria-pressed="false"' in off
    html = english.get("/account/bookmarks").get_data(as_text=True)
    assert "Katrin Hoffmann" not in html and "no bookmarks yet" in html
    assert count(app, Bookmark) == 1


def test_my_bookmarks_pages_newest_first(
    app: Flask,
    english: Client,
    member: User,
    make_user: Any,
    targets: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "BOOKMARKS_PER_PAGE", 2)
    people = [make_user(display_name=f"Seite {number}") for number in range(1, 6)]
    for person in people:
        english.post_form(f"/community/profile/{person.id}/bookmark")
    seen: list[str] = []
    url = "/account/bookmarks"
    for _page in range(5):
        html = english.get(url).get_data(as_text=True)
        seen += re.findall(r">(Seite \d)</a>", html)
        more = re.search(r'href="(/account/bookmarks\?after=[^"]+)"', html)
        if not more:
            break
        url = more.group(1).replace("&amp;", "&")
    assert seen == ["Seite 5", "Seite 4", "Seite 3", "Seite 2", "Seite 1"]
    for broken in (
        "nonsense",
        "1.article.99999999999999999999",
        "1.nothing.1",
        "9" * 30 + ".article.1",
    ):
        assert english.get(f"/account/bookmarks?after={broken}").status_code == 400


def test_my_bookmarks_needs_login(client: Client) -> None:
    response = client.get("/account/bookmarks")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


# --- access, errors, limits ---------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["comments", "like", "bookmark"],
)
def test_anonymous_post_is_sent_to_login_and_stores_nothing(
    app: Flask, client: Client, page_owner: User, path: str
) -> None:
    url = f"/community/profile/{page_owner.id}/{path}"
    response = client.post_form(url, {"body": "Anonym", "liked": "1", "bookmarked": "1"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/auth/login?next=/test-profiles/{page_owner.id}"
    htmx = client.htmx_post(url, {"body": "Anonym"})
    assert htmx.headers["HX-Redirect"] == f"/auth/login?next=/test-profiles/{page_owner.id}"
    assert count(app, Comment) == count(app, Like) == count(app, Bookmark) == 0


def test_anonymous_cannot_change_comments(app: Flask, client: Client, page_owner: User) -> None:
    comment_id = add_comment(app, page_owner.id, page_owner, "Bleibt")
    for action in ("edit", "delete", "hide"):
        response = client.post_form(f"/comments/{comment_id}/{action}", {"body": "x"})
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/auth/login")
    assert client.get(f"/comments/{comment_id}/edit").status_code == 302
    assert stored_comments(app)[0].body == "Bleibt"


@pytest.mark.parametrize(
    "url",
    [
        "/community/nothing/1/comments",
        "/community/profile/999999/comments",
        "/community/nothing/1/like",
        "/community/profile/999999/bookmark",
        "/comments/999999/delete",
        "/comments/999999/hide",
    ],
)
def test_unknown_content_is_not_found(english: Client, member: User, url: str) -> None:
    assert english.post_form(url, {"body": "Hallo"}).status_code == 404


def test_post_without_csrf_token_is_refused(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    response = english.post(comments_url(page_owner), data={"body": "Ohne Token"})
    assert response.status_code == 400
    like = english.post(f"/community/profile/{page_owner.id}/like")
    assert like.status_code == 400
    assert count(app, Comment) == count(app, Like) == 0


def test_comments_are_rate_limited(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    app.config["KB_COMMENT_LIMIT"] = "2 per minute"
    assert post_comment(english, page_owner, "Eins").status_code == 303
    assert post_comment(english, page_owner, "Zwei").status_code == 303
    assert post_comment(english, page_owner, "Drei").status_code == 429
    assert count(app, Comment) == 2


# --- queries ------------------------------------------------------------------------


def count_queries(app: Flask, action: Callable[[], Any]) -> int:
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def add_discussion(app: Flask, target: User, authors: list[User], size: int) -> None:
    parents: list[int] = []
    for number in range(size):
        author = authors[number % len(authors)]
        parent = parents[-1] if number % 3 == 2 else None
        comment_id = add_comment(app, target.id, author, f"Beitrag {number}", parent_id=parent)
        if parent is None:
            parents.append(comment_id)


def test_community_state_needs_the_same_queries_for_2_and_20_comments(
    app: Flask, page_owner: User, make_user: Any
) -> None:
    authors = [make_user() for _ in range(5)]
    moderator = make_user(role=Role.MODERATOR)
    small, large = make_user(), make_user()
    add_discussion(app, small, authors, 2)
    add_discussion(app, large, authors, 20)

    def read_state(target: User, viewer: User) -> None:
        state = service.community_state("profile", target.id, viewer=viewer)
        for thread in state.threads:
            for item in [thread, *thread.replies]:
                assert item.comment.author.display_name

    def state_queries(target: User) -> int:
        with app.test_request_context():
            viewer = db.session.get(User, moderator.id)
            return count_queries(app, lambda: read_state(target, viewer))

    assert state_queries(small) == state_queries(large) <= 2


def test_the_page_needs_the_same_queries_for_2_and_20_comments(
    app: Flask, english: Client, page_owner: User, member: User, make_user: Any
) -> None:
    authors = [make_user() for _ in range(5)] + [member]
    small, large = make_user(), make_user()
    add_discussion(app, small, authors, 2)
    add_discussion(app, large, authors, 20)
    queries = [
        count_queries(app, lambda target=target: english.get(f"/test-profiles/{target.id}"))
        for target in (small, large)
    ]
    assert queries[0] == queries[1]
    page = english.get(f"/test-profiles/{large.id}").get_data(as_text=True)
    assert "Beitrag 19" in page and "Comments (20)" in page


# --- the blank forms, written as markup ---------------------------------------------

FORMS = """{% from "community/_comment_macros.html"
   import blank_form_markup, comment_form_markup with context %}
{{- comment_form_markup(new_comment_form(parent_id), form_id, label, hint=hint) -}}
|||
{{- blank_form_markup(form_id, label, parent_id=parent_id, hint=hint) -}}"""
SUBMISSION_KEY_RE = re.compile(r'(name="submission_key" value=")[^"]+"')


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize(
    ("parent_id", "hint"), [(None, "Markdown works"), (7, None), (None, None), (7, "Hint")]
)
def test_blank_forms_write_what_a_fresh_comment_form_writes(
    app: Flask, language: str, parent_id: int | None, hint: str | None
) -> None:
    """The section writes blank forms without building a CommentForm: the same fields,
    ids, labels and limits, so what they send validates as before."""
    headers = {"Cookie": f"{app.config['KB_LANGUAGE_COOKIE']}={language}"}
    with app.test_request_context(headers=headers):
        html = render_template_string(
            FORMS,
            target_type="profile",
            target_id=3,
            parent_id=parent_id,
            form_id="reply-7-form" if parent_id else "comment-form",
            label="Publish",
            hint=hint,
        )
    from_form, from_markup = (SUBMISSION_KEY_RE.sub(r"\1KEY", part) for part in html.split("|||"))
    assert from_form == from_markup
    assert 'name="csrf_token"' in from_markup and 'name="body"' in from_markup
    assert ('name="parent_id" value="7"' in from_markup) == (parent_id is not None)


def form_fields(html: str, form_id: str) -> dict[str, str]:
    form = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.S)
    assert form is not None
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(0)))


def test_the_forms_of_the_page_are_sent_as_written(
    app: Flask, english: Client, page_owner: User, member: User
) -> None:
    """Each blank form carries the request's CSRF token and a key of its own; a reply and
    a comment sent with what the page wrote are stored once each."""
    parent = add_comment(app, page_owner.id, page_owner, "Frage")
    page = english.get(f"/test-profiles/{page_owner.id}").get_data(as_text=True)
    reply = form_fields(page, f"reply-{parent}-form")
    comment = form_fields(page, "comment-form")
    assert reply["csrf_token"] == comment["csrf_token"]
    assert reply["submission_key"] != comment["submission_key"]
    assert reply["parent_id"] == str(parent) and "parent_id" not in comment
    for fields, body in ((reply, "Antwort"), (comment, "Noch eine Frage")):
        for _ in range(2):  # sent twice: stored once
            response = english.post(comments_url(page_owner), data={**fields, "body": body})
            assert response.status_code == 303
    stored = stored_comments(app)
    assert [(c.body, c.parent_id) for c in stored] == [
        ("Frage", None),
        ("Antwort", parent),
        ("Noch eine Frage", None),
    ]


def test_each_member_sees_their_own_buttons(
    app: Flask, client: Client, auth: Auth, page_owner: User, make_user: Any
) -> None:
    """The panel is worked out per member: edit and delete on one's own comments, report
    on the others', hide for moderators."""
    anna, ben = make_user(), make_user()
    moderator = make_user(role=Role.MODERATOR)
    by_anna = add_comment(app, page_owner.id, anna, "Von Anna")
    by_ben = add_comment(app, page_owner.id, ben, "Von Ben")
    url = f"/test-profiles/{page_owner.id}"

    def buttons(user: User) -> dict[str, set[int]]:
        auth.login(user.email)
        page = client.get(url).get_data(as_text=True)
        auth.logout()
        return {
            what: {
                comment_id
                for comment_id in (by_anna, by_ben)
                if re.search(pattern.format(id=comment_id), page)
            }
            for what, pattern in {
                "edit": r'href="/comments/{id}/edit"',
                "delete": r'action="/comments/{id}/delete"',
                "hide": r'action="/comments/{id}/hide"',
                "report": r'href="[^"]*/comment/{id}[^"]*" rel="nofollow"',
            }.items()
        }

    assert buttons(anna) == {
        "edit": {by_anna},
        "delete": {by_anna},
        "hide": set(),
        "report": {by_ben},
    }
    assert buttons(ben) == {
        "edit": {by_ben},
        "delete": {by_ben},
        "hide": set(),
        "report": {by_anna},
    }
    seen = buttons(moderator)
    assert seen["edit"] == set() and seen["delete"] == seen["hide"] == {by_anna, by_ben}
