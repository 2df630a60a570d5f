from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.user import User


class UserSession(Base):
    """One signed-in browser: the login cookie carries a random key whose hash is stored here.

    The server decides whether a session is alive, so ending it here (logout,
    a password change, an admin disabling the account) makes a copied cookie
    worthless on every host. `second_factor_at` is empty until the holder has
    passed the second factor in this session (or needs none).
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(120), default="")
    second_factor_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(30))

    user: Mapped[User] = relationship()

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None
