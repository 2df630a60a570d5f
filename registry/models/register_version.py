from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base


class RegisterVersion(Base):
    """One row: a number raised by every transaction that changes what visitors see.

    Caches of public data (filter choices, figures, counts) and the ETags of
    public pages are keyed by it, so a commit anywhere makes them stale at once
    on every host. `token` is drawn when the row is created: a database emptied
    and filled again never repeats a (number, token) pair an earlier one had.
    """

    __tablename__ = "register_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(default=0)
    token: Mapped[str] = mapped_column(String(32))
