"""What the search indexes of an event: its texts, where and when, its topics."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kb.events.models import Event
from kb.extensions import db
from kb.markdown import text_of_html
from kb.registry import Searchable, SearchText


def texts(ids: Sequence[int]) -> dict[int, SearchText]:
    events = db.session.scalars(
        select(Event).where(Event.id.in_(ids)).options(selectinload(Event.topics))
    )
    return {
        event.id: SearchText(
            title=event.title,
            summary=" · ".join(
                part for part in (event.organiser_name, event.venue_name, event.venue_city) if part
            ),
            body=text_of_html(event.description_html),
            date=event.starts_at,
            popularity=event.attendee_count,
            facets={
                "topic": [topic.slug for topic in event.topics],
                "land": [event.land] if event.land else [],
            },
            starts_at=event.starts_at,
        )
        for event in events
    }


SEARCH = Searchable(texts=texts)
