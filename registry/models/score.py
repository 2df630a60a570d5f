from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base, utcnow


class ScoreSnapshot(Base):
    """A pilot's stored aggregates after a change: the history behind the score chart."""

    __tablename__ = "score_snapshot"
    __table_args__ = (Index("ix_score_snapshot_project", "project_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    score: Mapped[float | None]
    rating_org_count: Mapped[int] = mapped_column(default=0)
    adopter_count: Mapped[int] = mapped_column(default=0)
