"""A municipality's record for its council: its pilots, what it reuses, what it rated.

Public facts only (public pilots), each list bounded to its most telling
rows with the total beside it, read in a fixed number of statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select

from registry.extensions import db
from registry.models import Adoption, AdoptionStatus, CatalogueEntry, Organisation, Project, Rating

SHOWN = 10


@dataclass(frozen=True)
class OwnPilot:
    slug: str
    title: str
    phase: str
    score: float | None
    rating_organisations: int
    adopters: int
    entry_slug: str | None  # the standard it became, if any


@dataclass(frozen=True)
class Reused:
    slug: str
    title: str
    status: str
    since: datetime
    entry_slug: str | None


@dataclass(frozen=True)
class Rated:
    slug: str
    title: str
    rated_at: datetime


@dataclass(frozen=True)
class CouncilRecord:
    pilots: list[OwnPilot]
    pilot_total: int
    reused: list[Reused]
    reused_total: int
    rated: list[Rated]
    rated_total: int


def _total(query: Select[*tuple[Any, ...]]) -> int:
    return int(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def record(organisation: Organisation, shown: int = SHOWN) -> CouncilRecord:
    """Its public pilots by adopters, its current reuse newest first, its ratings newest first."""
    pilots = (
        select(
            Project.slug,
            Project.title,
            Project.phase,
            Project.score,
            Project.rating_org_count,
            Project.adopter_count,
            CatalogueEntry.slug,
        )
        .outerjoin(CatalogueEntry, CatalogueEntry.origin_project_id == Project.id)
        .where(Project.owner_id == organisation.id, Project.is_public)
    )
    reused = (
        select(
            Project.slug, Project.title, Adoption.status, Adoption.created_at, CatalogueEntry.slug
        )
        .join(Project, Project.id == Adoption.project_id)
        .outerjoin(CatalogueEntry, CatalogueEntry.origin_project_id == Project.id)
        .where(
            Adoption.organisation_id == organisation.id,
            Adoption.status != AdoptionStatus.STOPPED,
            Project.is_public,
        )
    )
    # One line per pilot, however many of the organisation's people rated it.
    rated = (
        select(Project.slug, Project.title, func.max(Rating.updated_at).label("rated_at"))
        .join(Project, Project.id == Rating.project_id)
        .where(Rating.organisation_id == organisation.id, Project.is_public)
        .group_by(Project.id, Project.slug, Project.title)
    )
    return CouncilRecord(
        pilots=[
            OwnPilot(*row)
            for row in db.session.execute(
                pilots.order_by(
                    Project.adopter_count.desc(), Project.score.desc().nulls_last(), Project.id
                ).limit(shown)
            )
        ],
        pilot_total=_total(pilots),
        reused=[
            Reused(*row)
            for row in db.session.execute(
                reused.order_by(Adoption.created_at.desc(), Adoption.id.desc()).limit(shown)
            )
        ],
        reused_total=_total(reused),
        rated=[
            Rated(*row)
            for row in db.session.execute(
                rated.order_by(func.max(Rating.updated_at).desc(), Project.id).limit(shown)
            )
        ],
        rated_total=_total(rated),
    )
