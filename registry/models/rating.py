from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.organisation import Organisation
from registry.models.rubric import Criterion
from registry.models.user import User


class Rating(Base):
    """One user's reusability assessment of one pilot.

    `organisation_id` is the rater's organisation when they rated: the score
    gives every organisation one voice, and a later move to another
    organisation must not carry the vote along.
    """

    __tablename__ = "rating"
    __table_args__ = (
        UniqueConstraint("project_id", "user_id"),
        # How many organisations rated a pilot, read from the index alone.
        Index("ix_rating_project_organisation", "project_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()
    scores: Mapped[list[RatingScore]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, back_populates="rating"
    )

    def score_by_code(self) -> dict[str, int]:
        return {row.criterion.code: row.value for row in self.scores}


class RatingScore(Base):
    """The score (1–5) a rating gives one criterion; "don't know" is no row at all."""

    __tablename__ = "rating_score"
    __table_args__ = (CheckConstraint("value BETWEEN 1 AND 5", name="value_range"),)

    rating_id: Mapped[int] = mapped_column(
        ForeignKey("rating.id", ondelete="CASCADE"), primary_key=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id"), primary_key=True)
    value: Mapped[int]

    rating: Mapped[Rating] = relationship(back_populates="scores")
    criterion: Mapped[Criterion] = relationship(lazy="joined")
