from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models.base import Base, utcnow
from registry.models.organisation import Organisation
from registry.models.project import Project
from registry.models.user import User


class HiddenPost:
    """What a question and an answer share: a post the pilot's owner or a curator can hide.

    A hidden post keeps its text in the database (the event log names who hid
    it and why) but no page shows it again, to anyone; `hidden_as` says whose
    decision the placeholder names ("owner" or "curator").
    """

    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    hidden_as: Mapped[str] = mapped_column(String(20), default="")

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Question(HiddenPost, Base):
    """A question a signed-in member asks, in public, about a published pilot.

    `organisation_id` is the asker's organisation when they asked, as with
    ratings: the page names it even after the person moves on.
    """

    __tablename__ = "question"
    __table_args__ = (Index("ix_question_project", "project_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    project: Mapped[Project] = relationship()
    author: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Answer.created_at, Answer.id",
    )


class Answer(HiddenPost, Base):
    """An answer by someone of the pilot's owner or partners; the asker may mark it helpful."""

    __tablename__ = "answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("question.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set on the one answer the asker marked as the one that helped (the service keeps it one).
    helpful_at: Mapped[datetime | None]

    question: Mapped[Question] = relationship(back_populates="answers")
    author: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
