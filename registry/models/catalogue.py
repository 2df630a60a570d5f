from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from registry.models.base import Base, utcnow
from registry.models.nomination import Nomination
from registry.models.organisation import Organisation
from registry.models.project import Project, themes_of


class CatalogueStatus(StrEnum):
    ACTIVE = "active"
    DEPRECATED = "deprecated"
    WITHDRAWN = "withdrawn"


class CatalogueEntry(Base):
    """A promoted, maintained solution that every municipality can adopt.

    Themes and layer start as the origin pilot's and are the entry's own from
    then on: a standard may be described more broadly than the pilot it grew
    from. `revision` backs optimistic locking of curators' edits; `version`
    is the solution's own version string ("1.0").
    """

    __tablename__ = "catalogue_entry"
    # The list's default order, most adopted first, read from the index.
    __table_args__ = (Index("ix_catalogue_entry_adopters", "adopter_count", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    maintainer_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    version: Mapped[str] = mapped_column(String(40), default="1.0")
    standard_since: Mapped[date]
    origin_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="SET NULL"), unique=True
    )
    nomination_id: Mapped[int | None] = mapped_column(
        ForeignKey("nomination.id", ondelete="SET NULL"), unique=True
    )
    status: Mapped[str] = mapped_column(String(20), default=CatalogueStatus.ACTIVE, index=True)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("catalogue_entry.id"))
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[datetime | None]
    common_ground_layer: Mapped[str | None] = mapped_column(String(20))
    # SPDX identifier; empty: the origin pilot's licence (or none) applies.
    licence: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # The municipalities that report the origin pilot in use: kept current by
    # `registry.services.catalogue.refresh_adopter_count` with every adoption.
    adopter_count: Mapped[int] = mapped_column(default=0, server_default="0")

    maintainer: Mapped[Organisation] = relationship()
    origin_project: Mapped[Project | None] = relationship()
    nomination: Mapped[Nomination | None] = relationship()
    successor: Mapped[CatalogueEntry | None] = relationship(remote_side=[id])
    theme_rows: Mapped[list[CatalogueEntryTheme]] = relationship(
        cascade="all, delete-orphan", order_by="CatalogueEntryTheme.theme"
    )

    # As `Project.theme_list`: the themes in one column, where a list asked for it.
    theme_list: Mapped[str | None] = query_expression()

    __mapper_args__ = {"version_id_col": revision}

    @property
    def themes(self) -> list[str]:
        return themes_of(self)

    @property
    def is_active(self) -> bool:
        return self.status == CatalogueStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<CatalogueEntry {self.slug}>"


class CatalogueEntryTheme(Base):
    __tablename__ = "catalogue_entry_theme"

    entry_id: Mapped[int] = mapped_column(
        ForeignKey("catalogue_entry.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
