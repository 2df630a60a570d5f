from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.user import User


class Notification(Base):
    """A message for one user about something that happened to them or their pilot.

    The text is not stored: `kind` and `params` are, so the page can show it
    in the reader's language. `subject_type`/`subject_id` say what it is about.
    A digest picks the rows whose `mail` is its channel and `mailed_at` empty.
    """

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_user_created", "user_id", "created_at"),
        # The digests look for rows of their channel that were not mailed yet.
        Index("ix_notification_digest", "mail", "mailed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    # The mail channel chosen when the row was written (MailChannel), and when it
    # was mailed: at once with the row, or later in a digest (never twice).
    mail: Mapped[str] = mapped_column(String(10), default="immediate")
    mailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
