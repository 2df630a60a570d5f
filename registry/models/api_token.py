from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.user import User


class TokenScope(StrEnum):
    """What a personal API token may do; reading public data needs no token at all."""

    READ = "read"
    PROJECTS_WRITE = "projects:write"
    REUSE_WRITE = "reuse:write"


class ApiToken(Base):
    """A personal API token: only the SHA-256 of the token is stored.

    The token itself is shown once, when it is made. `scopes` holds the
    granted scopes separated by spaces. A revoked or expired token, or one
    whose account is disabled, no longer signs anything in.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    def has_scope(self, scope: str) -> bool:
        return scope in self.scope_list
