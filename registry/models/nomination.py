from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.project import Project
from registry.models.user import User


class NominationState(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


OPEN_STATES: tuple[str, ...] = (NominationState.SUBMITTED, NominationState.IN_REVIEW)
DECISIONS: tuple[str, ...] = (
    NominationState.ACCEPTED,
    NominationState.REJECTED,
    NominationState.RETURNED,
)

# Written out once so the model and the migration state the same condition.
OPEN_CONDITION = "state IN ('submitted', 'in_review')"


class Nomination(Base):
    """A proposal to promote a pilot into the catalogue, and its review.

    At most one nomination per pilot is open; the partial unique index makes
    the database refuse a second one even when two requests race. `version`
    backs optimistic locking, so two curators deciding at once cannot both win.
    """

    __tablename__ = "nomination"
    __table_args__ = (
        Index(
            "uq_nomination_open_project",
            "project_id",
            unique=True,
            sqlite_where=text(OPEN_CONDITION),
            postgresql_where=text(OPEN_CONDITION),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    nominator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    motivation: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=NominationState.SUBMITTED, index=True)
    curator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decision: Mapped[str | None] = mapped_column(String(20))
    rationale: Mapped[str] = mapped_column(Text, default="")
    override: Mapped[bool] = mapped_column(default=False)
    # The readiness checklist as it was when the decision was taken, with its figures.
    checklist: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    reviewed_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # When curators were told it waits for review too long; they are told once.
    waiting_notified_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    project: Mapped[Project] = relationship()
    nominator: Mapped[User | None] = relationship(foreign_keys=[nominator_id])
    curator: Mapped[User | None] = relationship(foreign_keys=[curator_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def __repr__(self) -> str:
        return f"<Nomination {self.id} {self.state}>"
