"""Organisations that use this pilot also use …: co-adoption, in one statement.

Counted over adoptions that count (an organisation outside the pilot
reports it in use, `scores.outside_members`), on both sides: the pilot
shown and each pilot it is paired with. A pair is shown only when at least
`minimum` organisations use both, so the list never reveals one
organisation's own choices; the pilots paired with must be public.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, exists, func, select
from sqlalchemy.orm import aliased

from registry.extensions import db
from registry.models import (
    Adoption,
    AdoptionStatus,
    CatalogueEntry,
    CatalogueStatus,
    Project,
    project_partner,
)

DEFAULT_MINIMUM = 3
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class AlsoAdopted:
    slug: str
    title: str
    organisations: int  # organisations that use both
    entry_slug: str | None  # the pilot's standard in the catalogue, if it became one
    entry_name: str | None


def _outside(adoption: Any, project: Any) -> ColumnElement[bool]:
    """`scores.outside_members` for aliased adoption and pilot tables."""
    return and_(
        adoption.organisation_id != project.owner_id,
        ~exists().where(
            project_partner.c.project_id == adoption.project_id,
            project_partner.c.organisation_id == adoption.organisation_id,
        ),
    )


def for_project(
    project_id: int, *, minimum: int = DEFAULT_MINIMUM, limit: int = DEFAULT_LIMIT
) -> list[AlsoAdopted]:
    """The pilots most often used by the organisations that use `project_id`."""
    this = aliased(Adoption)
    this_project = aliased(Project)
    other = aliased(Adoption)
    n = func.count(distinct(other.organisation_id))
    rows = db.session.execute(
        select(Project.slug, Project.title, n, CatalogueEntry.slug, CatalogueEntry.name)
        .select_from(this)
        .join(this_project, this_project.id == this.project_id)
        .join(
            other,
            and_(other.organisation_id == this.organisation_id, other.project_id != project_id),
        )
        .join(Project, Project.id == other.project_id)
        .outerjoin(
            CatalogueEntry,
            and_(
                CatalogueEntry.origin_project_id == Project.id,
                CatalogueEntry.status != CatalogueStatus.WITHDRAWN,
            ),
        )
        .where(
            this.project_id == project_id,
            this.status == AdoptionStatus.IN_USE,
            _outside(this, this_project),
            other.status == AdoptionStatus.IN_USE,
            _outside(other, Project),
            Project.is_public,
        )
        .group_by(Project.id, Project.slug, Project.title, CatalogueEntry.slug, CatalogueEntry.name)
        .having(n >= minimum)
        .order_by(n.desc(), Project.title, Project.id)
        .limit(limit)
    )
    return [
        AlsoAdopted(slug, title, int(count), e_slug, e_name)
        for slug, title, count, e_slug, e_name in rows
    ]
