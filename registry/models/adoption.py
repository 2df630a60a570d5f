from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.organisation import Organisation
from registry.models.project import Project
from registry.models.user import User


class AdoptionStatus(StrEnum):
    INTERESTED = "interested"
    PREPARING = "preparing"
    IN_USE = "in_use"
    STOPPED = "stopped"


class Adoption(Base):
    """An organisation's current statement that it reuses a pilot, with its effort.

    One row per organisation per pilot: changing the status updates the row,
    and the events keep the history of earlier statuses.
    """

    __tablename__ = "adoption"
    __table_args__ = (
        UniqueConstraint("project_id", "organisation_id"),
        # Covering indexes for the aggregates (statistics, opportunities, "also adopted"):
        # a pilot's adopters by status, and an organisation's adoptions by status.
        Index(
            "ix_adoption_project_status", "project_id", "status", "organisation_id", "created_at"
        ),
        Index("ix_adoption_organisation_status", "organisation_id", "status", "project_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=AdoptionStatus.INTERESTED)
    hours: Mapped[int | None]
    cost_euros: Mapped[int | None]
    months: Mapped[int | None]
    prerequisites: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship()
    organisation: Mapped[Organisation] = relationship()
    updated_by: Mapped[User | None] = relationship()

    @property
    def has_effort(self) -> bool:
        return any(v is not None for v in (self.hours, self.cost_euros, self.months))
