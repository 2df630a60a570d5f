from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base, utcnow


class MailStatus:
    PENDING = "pending"  # waiting for a delivery attempt (again, after a failure)
    SENDING = "sending"  # claimed by a worker until `claimed_until`
    SENT = "sent"
    FAILED = "failed"  # retried for MAIL_RETRY_SECONDS without success
    SKIPPED = "skipped"  # the recipient was disabled before delivery

    OPEN = (PENDING, SENDING)


class MailOutbox(Base):
    """One e-mail, rendered in the recipient's language, waiting to be delivered.

    Written in the same transaction as the change that caused it, so a mail
    exists exactly when its change does. Workers claim a row with a
    conditional UPDATE (status and lease in the WHERE clause) so two of them
    never send the same row; a worker that dies mid-send leaves the row
    claimable again once `claimed_until` has passed.

    `kind` is what the mail is about ("reset", "verify", or a notification
    kind); `unsubscribe_url` is set for notification mail only (RFC 8058).
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    recipient: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="nl")
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")


class MailChannel:
    """How a person wants the notifications of one kind.

    Every channel but OFF shows the notification on the site; NEVER means no
    mail (what a one-click unsubscribe chooses), OFF means not at all.
    """

    IMMEDIATE = "immediate"
    DAILY = "daily"  # in the daily digest mail
    WEEKLY = "weekly"  # in the weekly digest mail
    NEVER = "never"  # on the site only
    OFF = "off"  # neither on the site nor by mail

    ALL = (IMMEDIATE, DAILY, WEEKLY, NEVER, OFF)
    DIGESTS = (DAILY, WEEKLY)


class NotificationPreference(Base):
    """A person's channel for one notification kind; no row means the kind's default."""

    __tablename__ = "notification_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    mail: Mapped[str] = mapped_column(String(10), default=MailChannel.IMMEDIATE)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
