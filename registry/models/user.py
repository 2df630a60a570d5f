from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.organisation import Organisation
from registry.models.vocab import Role


class User(Base):
    """A person with an account.

    `organisation_id` is empty while an account waits for an admin to place
    it. Sessions live in `user_session`; the login cookie names one of them,
    never the user. `totp_secret` is set once two-factor sign-in is enabled;
    `totp_last_step` is the time step of the last accepted code, so a code
    works only once.
    """

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.MEMBER)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    email_verified_at: Mapped[datetime | None]
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(5))
    failed_logins: Mapped[int] = mapped_column(default=0)
    last_failed_login_at: Mapped[datetime | None]
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int] = mapped_column(default=0)

    organisation: Mapped[Organisation | None] = relationship()

    # Flask-Login's user protocol, written out so the model needs no Flask import.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.disabled and self.email_verified_at is not None

    def get_id(self) -> str:
        # Never what the cookie holds: the cookie names a server-side session.
        return str(self.id)

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def needs_second_factor(self) -> bool:
        """Curators and admins must use two-factor sign-in; members may."""
        return self.is_curator or self.has_second_factor

    @property
    def is_curator(self) -> bool:
        return self.role in (Role.CURATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.email}>"
