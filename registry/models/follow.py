"""Following: a person asks to hear what happens to a pilot, a theme, an organisation
or the catalogue; and the fan-out rows that tell all followers of one change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base, utcnow


class FollowTarget:
    """What can be followed; `Follow.target_key` names the one (empty for the catalogue)."""

    PROJECT = "project"  # key: the pilot's id
    THEME = "theme"  # key: the theme code
    ORGANISATION = "organisation"  # key: the organisation's id
    CATALOGUE = "catalogue"  # key: ""

    ALL = (PROJECT, THEME, ORGANISATION, CATALOGUE)


class Follow(Base):
    """One person following one thing; followed once, however often the button is pressed."""

    __tablename__ = "follow"
    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_key"),
        # The fan-out reads the followers of a target: this index answers it.
        Index("ix_follow_target", "target_type", "target_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    target_type: Mapped[str] = mapped_column(String(20))
    target_key: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotificationFanout(Base):
    """A notification for every follower of some targets, written by the worker.

    The request that made the change writes this one row (in its own
    transaction) instead of a row per follower, so its cost does not grow
    with the number of followers; a task then writes the notifications.
    `done_at` is set in the same transaction as those notifications, so the
    fan-out happens once even when its task runs twice.
    `targets` is a list of [target_type, target_key]; `exclude` the ids of
    people told already by another role (and the actor).
    """

    __tablename__ = "notification_fanout"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    targets: Mapped[list[list[str]]] = mapped_column(JSON, default=list)
    exclude: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(index=True)
