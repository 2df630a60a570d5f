"""The reuse figures of a few pilots at once: score per criterion, adopters, effort.

The council brief (one pilot or standard) and the comparison (two to four)
show the same figures the pilot page does, read for all of them together in
a fixed number of statements: the score rows of every pilot (1), the active
criteria (1) and the adoptions with their organisations (1). Like the stored
score, only organisations outside a pilot count (`scores.outside_members`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from registry.extensions import db
from registry.models import (
    Adoption,
    AdoptionStatus,
    Criterion,
    Organisation,
    Project,
    Rating,
    RatingScore,
)
from registry.services import adoptions, rubric, scores


@dataclass(frozen=True)
class ReuseFigures:
    aggregate: scores.Aggregate
    in_use: list[Organisation]
    preparing: list[Organisation]
    effort: adoptions.EffortSummary


@dataclass(frozen=True)
class Figures:
    criteria: list[Criterion]  # the active rubric, in its order
    by_project: dict[int, ReuseFigures]


def of_projects(projects: Sequence[Project]) -> Figures:
    """The figures of each pilot, by pilot id (a pilot without ratings has score None)."""
    criteria = rubric.active_criteria()
    ids = [p.id for p in projects]
    if not ids:
        return Figures(criteria, {})
    rows: dict[int, list[scores.ScoreRow]] = defaultdict(list)
    for project_id, organisation_id, code, value in db.session.execute(
        select(Rating.project_id, Rating.organisation_id, Criterion.code, RatingScore.value)
        .join(Project, Project.id == Rating.project_id)
        .join(RatingScore, RatingScore.rating_id == Rating.id)
        .join(Criterion, Criterion.id == RatingScore.criterion_id)
        .where(
            Rating.project_id.in_(ids),
            Criterion.retired.is_(False),
            scores.outside_members(Rating.project_id, Rating.organisation_id),
        )
    ):
        rows[project_id].append(scores.ScoreRow(organisation_id, code, value))
    found: dict[int, list[Adoption]] = defaultdict(list)
    for adoption in db.session.scalars(
        select(Adoption)
        .join(Project, Project.id == Adoption.project_id)
        .join(Organisation, Organisation.id == Adoption.organisation_id)
        .where(
            Adoption.project_id.in_(ids),
            scores.outside_members(Adoption.project_id, Adoption.organisation_id),
        )
        .options(joinedload(Adoption.organisation))
        .order_by(Organisation.name)
    ):
        found[adoption.project_id].append(adoption)
    prior = scores.configured_prior()
    codes = [c.code for c in criteria]
    return Figures(
        criteria,
        {
            project_id: ReuseFigures(
                aggregate=scores.aggregate(rows[project_id], prior, codes),
                in_use=[
                    a.organisation for a in found[project_id] if a.status == AdoptionStatus.IN_USE
                ],
                preparing=[
                    a.organisation
                    for a in found[project_id]
                    if a.status == AdoptionStatus.PREPARING
                ],
                effort=adoptions.median_effort(found[project_id]),
            )
            for project_id in ids
        },
    )
