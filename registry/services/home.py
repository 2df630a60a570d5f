"""What the home page shows: the newest public pilots, the newest standards, a few figures.

Each helper reuses the list query of its own area, so the home page shows
exactly what the public lists show (published and not hidden; active
standards), with the same relations loaded for the cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from registry.extensions import db
from registry.models import CatalogueEntry, CatalogueStatus, Project
from registry.services import catalogue, freshness, projects

LATEST_PILOTS = 6
LATEST_ENTRIES = 4


@dataclass(frozen=True)
class Figures:
    pilots: int
    organisations: int
    standards: int


def latest_pilots(limit: int = LATEST_PILOTS) -> list[Project]:
    """The most recently published public pilots, newest first."""
    return _first(*projects.card_window(projects.Filters(sort="newest")), limit)


def latest_entries(limit: int = LATEST_ENTRIES) -> list[CatalogueEntry]:
    """The active standards that joined the catalogue most recently."""
    filters = catalogue.Filters(status=CatalogueStatus.ACTIVE, sort="newest")
    return _first(*catalogue.listing_window(filters), limit)


def _first(statement: Select[Any], parameters: dict[str, Any], limit: int) -> list[Any]:
    """The first rows of a list's statement built once (its window as parameters)."""
    window = {**parameters, "page_limit": limit, "page_offset": 0}
    return list(db.session.scalars(statement, window))


def figures() -> Figures:
    """How many public pilots, organisations behind them and active standards there are.

    Counting reads every public pilot, so the figures are kept until the
    register changes (`freshness.cached`).
    """
    return freshness.cached("home figures", _count_figures)


def _count_figures() -> Figures:
    pilots, organisations = db.session.execute(
        select(func.count(Project.id), func.count(func.distinct(Project.owner_id))).where(
            Project.is_public
        )
    ).one()
    standards = db.session.scalar(
        select(func.count(CatalogueEntry.id)).where(CatalogueEntry.status == CatalogueStatus.ACTIVE)
    )
    return Figures(pilots=pilots, organisations=organisations, standards=standards or 0)
