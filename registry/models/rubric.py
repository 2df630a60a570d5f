from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base, utcnow

# The languages every criterion text exists in; Dutch is the fallback.
TEXT_LANGUAGES = ("nl", "en")


class Criterion(Base):
    """One question of the reusability rubric, with what a 1, a 3 and a 5 mean.

    Texts live here, in both languages, so admins can improve them without a
    release. A criterion that has scores is never deleted, only retired: it is
    no longer asked and no longer counts in the current score, but ratings and
    score history keep it.
    """

    __tablename__ = "criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
    name_nl: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    question_nl: Mapped[str] = mapped_column(String(300))
    question_en: Mapped[str] = mapped_column(String(300), default="")
    score1_nl: Mapped[str] = mapped_column(Text, default="")
    score1_en: Mapped[str] = mapped_column(Text, default="")
    score3_nl: Mapped[str] = mapped_column(Text, default="")
    score3_en: Mapped[str] = mapped_column(Text, default="")
    score5_nl: Mapped[str] = mapped_column(Text, default="")
    score5_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    def text(self, name: str, language: str) -> str:
        """A text (`name`, `question`, `score1`, ...) in `language`, else in Dutch."""
        if language in TEXT_LANGUAGES:
            value: str = getattr(self, f"{name}_{language}")
            if value:
                return value
        dutch: str = getattr(self, f"{name}_nl")
        return dutch

    def __repr__(self) -> str:
        return f"<Criterion {self.code}>"
