from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import db
from kb.i18n import current_language


class NamedTerm:
    """A term with a German and an English name; `name` picks the reader's language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name_de: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def name(self) -> str:
        return self.name_en if current_language() == "en" else self.name_de


class Topic(NamedTerm, db.Model):
    __tablename__ = "topics"


class Platform(NamedTerm, db.Model):
    __tablename__ = "platforms"
