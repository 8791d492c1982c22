"""What the search indexes of an entry."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.articles.models import Article
from kb.extensions import db
from kb.markdown import text_of_html
from kb.registry import Searchable, SearchText


def texts(ids: Sequence[int]) -> dict[int, SearchText]:
    articles = db.session.scalars(
        select(Article)
        .where(Article.id.in_(ids))
        .options(selectinload(Article.topics), selectinload(Article.platforms))
    )
    return {
        article.id: SearchText(
            title=article.title,
            summary=article.summary,
            body=text_of_html(article.body_html),
            date=article.published_at or article.updated_at,
            popularity=article.like_count,
            facets={
                "topic": [topic.slug for topic in article.topics],
                "platform": [platform.slug for platform in article.platforms],
            },
        )
        for article in articles
    }


SEARCH = Searchable(texts=texts)
