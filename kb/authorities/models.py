"""The census's version counter; the directory's records are in kb.directory."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, mapped_column

from kb.extensions import Model
from kb.timeutil import UTCDateTime, utcnow


class RegistryVersion(Model):
    """One row, raised with every change that can move a census figure.

    The census is computed once per version and worker, so its page costs the same
    with 1,000 or 10,000 authorities once computed.
    """

    __tablename__ = "registry_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
