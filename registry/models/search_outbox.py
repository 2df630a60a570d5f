from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base, utcnow


class SearchOutbox(Base):
    """A change the search index has not taken in yet.

    Written in the same transaction as the change itself (by session events,
    so no service has to remember it) and deleted once the index has it. The
    row says only *what* changed; whoever applies it reads the current state,
    so applying a row twice or late is harmless.
    """

    __tablename__ = "search_outbox"
    # An applied row is deleted by its id. SQLite would give the next new row
    # that same id when it was the highest, and a process still holding the old
    # id would delete a change nobody applied; AUTOINCREMENT never reuses an id
    # (PostgreSQL's sequence never does).
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "project", "organisation", ...
    object_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
