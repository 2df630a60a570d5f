from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import Base, utcnow


class SearchSynonym(Base):
    """Terms that mean the same in a search, edited by curators.

    `terms` holds the expressions separated by "|" ("Wmo|Wet maatschappelijke
    ondersteuning"); a search for any of them finds pilots with any other.
    They are applied to each query as it is made, so no reindex is needed.
    """

    __tablename__ = "search_synonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def term_list(self) -> list[str]:
        return [term for term in self.terms.split("|") if term]
