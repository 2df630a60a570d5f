"""The reusability score: how ratings become one number, and where it is kept.

The arithmetic is in pure functions (`aggregate` and friends) that take rows
and return numbers, so it is tested without a database. `refresh` reads the
rows of one pilot, stores the result on the project and keeps a snapshot for
the history chart; rating and adoption services call it in the same
transaction as their change.

The rules, from the design:
- every organisation has one voice: per criterion, the scores of raters of
  one organisation are averaged first;
- per criterion a Bayesian average pulls few voices towards the prior:
  (sum of organisation means + prior mean x prior weight) / (organisations + prior weight);
- the score is the mean over the criteria that have at least one score;
- disagreement is the *population* standard deviation of the organisations'
  overall means (each organisation's mean over the criteria it scored), so one
  organisation gives no disagreement figure and two that say 2 and 4 give 1.0;
- only outsiders count: a rating or an adoption by an organisation that owns
  or partners in the pilot *now* is left out, also when it was made before
  the organisation joined. The rule is applied here, where the aggregates are
  computed, so it holds from the moment a partner is added (the pilot's
  service refreshes the aggregates in that same transaction).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, exists, func, select, update
from sqlalchemy.orm import attributes

from registry.extensions import db
from registry.models import (
    Adoption,
    AdoptionStatus,
    Criterion,
    Project,
    Rating,
    RatingScore,
    ScoreSnapshot,
    project_partner,
    utcnow,
)

DEFAULT_PRIOR_MEAN = 3.0
DEFAULT_PRIOR_WEIGHT = 2


@dataclass(frozen=True)
class Prior:
    """What the score assumes before anyone rated: `weight` organisations saying `mean`."""

    mean: float = DEFAULT_PRIOR_MEAN
    weight: float = DEFAULT_PRIOR_WEIGHT

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Prior:
        return cls(
            mean=float(config.get("SCORE_PRIOR_MEAN", DEFAULT_PRIOR_MEAN)),
            weight=float(config.get("SCORE_PRIOR_WEIGHT", DEFAULT_PRIOR_WEIGHT)),
        )


def configured_prior() -> Prior:
    """The prior of the running app, read when asked (never at import)."""
    from flask import current_app

    return Prior.from_config(current_app.config)


# --- The arithmetic ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreRow:
    """One score of one rater: the raw material of the aggregate."""

    organisation_id: int
    criterion: str
    value: int


@dataclass(frozen=True)
class CriterionScore:
    code: str
    organisation_means: tuple[float, ...]
    score: float  # the Bayesian average

    @property
    def organisation_count(self) -> int:
        return len(self.organisation_means)

    @property
    def plain_mean(self) -> float:
        return statistics.fmean(self.organisation_means)


@dataclass(frozen=True)
class Aggregate:
    score: float | None
    criteria: dict[str, CriterionScore] = field(default_factory=dict)
    organisation_means: dict[int, float] = field(default_factory=dict)
    disagreement: float | None = None
    prior: Prior = Prior()

    @property
    def organisation_count(self) -> int:
        return len(self.organisation_means)


def bayesian_average(values: Sequence[float], prior: Prior) -> float:
    return (sum(values) + prior.mean * prior.weight) / (len(values) + prior.weight)


def organisation_means(rows: Iterable[ScoreRow]) -> dict[str, dict[int, float]]:
    """Per criterion, each organisation's mean score: its one voice."""
    values: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        values[row.criterion][row.organisation_id].append(row.value)
    return {
        code: {org: statistics.fmean(scores) for org, scores in by_org.items()}
        for code, by_org in values.items()
    }


def aggregate(
    rows: Iterable[ScoreRow], prior: Prior, criteria: Sequence[str] | None = None
) -> Aggregate:
    """The score of a pilot from its score rows.

    `criteria`, when given, lists the codes that count (the active rubric) and
    their order; rows for other criteria are ignored.
    """
    per_criterion = organisation_means(rows)
    order = list(criteria) if criteria is not None else sorted(per_criterion)
    scored: dict[str, CriterionScore] = {}
    by_org: dict[int, list[float]] = defaultdict(list)
    for code in order:
        voices = per_criterion.get(code)
        if not voices:
            continue
        means = tuple(voices[org] for org in sorted(voices))
        scored[code] = CriterionScore(code, means, bayesian_average(means, prior))
        for org, mean in voices.items():
            by_org[org].append(mean)
    if not scored:
        return Aggregate(score=None, prior=prior)
    overall = {org: statistics.fmean(means) for org, means in sorted(by_org.items())}
    return Aggregate(
        score=statistics.fmean(c.score for c in scored.values()),
        criteria=scored,
        organisation_means=overall,
        disagreement=statistics.pstdev(overall.values()) if len(overall) > 1 else None,
        prior=prior,
    )


# --- Reading the rows and storing the result ----------------------------------------------


@dataclass(frozen=True)
class Stored:
    score: float | None
    rating_org_count: int
    adopter_count: int


def outside_members(project_col: Any, organisation_col: Any) -> ColumnElement[bool]:
    """The organisation neither owns nor partners in the pilot now (needs Project joined)."""
    outside: ColumnElement[bool] = (organisation_col != Project.owner_id) & ~exists().where(
        project_partner.c.project_id == project_col,
        project_partner.c.organisation_id == organisation_col,
    )
    return outside


def score_rows(project_id: int) -> list[ScoreRow]:
    """The scores of one pilot on the criteria that are still asked, by outsiders only."""
    result = db.session.execute(
        select(Rating.organisation_id, Criterion.code, RatingScore.value)
        .join(Project, Project.id == Rating.project_id)
        .join(RatingScore, RatingScore.rating_id == Rating.id)
        .join(Criterion, Criterion.id == RatingScore.criterion_id)
        .where(
            Rating.project_id == project_id,
            Criterion.retired.is_(False),
            outside_members(Rating.project_id, Rating.organisation_id),
        )
    )
    return [ScoreRow(org, code, value) for org, code, value in result]


def active_codes() -> list[str]:
    return list(
        db.session.scalars(
            select(Criterion.code)
            .where(Criterion.retired.is_(False))
            .order_by(Criterion.position, Criterion.id)
        )
    )


def adopter_count(project_id: int) -> int:
    """Verified adopters: organisations outside the pilot that report it in use."""
    count = db.session.scalar(
        select(func.count())
        .select_from(Adoption)
        .join(Project, Project.id == Adoption.project_id)
        .where(
            Adoption.project_id == project_id,
            Adoption.status == AdoptionStatus.IN_USE,
            outside_members(Adoption.project_id, Adoption.organisation_id),
        )
    )
    return count or 0


def compute(project_id: int, prior: Prior) -> tuple[Aggregate, int]:
    """The aggregate and the adopter count, from the raw rows."""
    return aggregate(score_rows(project_id), prior, active_codes()), adopter_count(project_id)


def lock(project: Project) -> None:
    """Serialise every change to one pilot's ratings and adoptions.

    Taken before the change itself, so a second transaction reads the first
    one's committed rows before it recomputes, and the stored aggregates never
    lag behind. FOR NO KEY UPDATE lets unrelated inserts that reference the
    project (attachments, events) proceed. SQLite serialises writers anyway.
    """
    table = cast(Table, Project.__table__)
    db.session.execute(
        select(table.c.id).where(table.c.id == project.id).with_for_update(key_share=True)
    )


def refresh(project: Project, *, prior: Prior | None = None, at: datetime | None = None) -> Stored:
    """Recompute and store the pilot's aggregates, and snapshot them when they change.

    Writes with a Core UPDATE on the table: the ORM would bump
    `Project.version`, which guards the edit form, and `updated_at`, which
    means "the description changed". Call `lock(project)` first.
    """
    prior = prior or configured_prior()
    table = cast(Table, Project.__table__)
    before = db.session.execute(
        select(table.c.score, table.c.rating_org_count, table.c.adopter_count).where(
            table.c.id == project.id
        )
    ).one()
    result, adopters = compute(project.id, prior)
    after = Stored(result.score, result.organisation_count, adopters)
    if after != Stored(*before):
        db.session.execute(
            update(table)
            .where(table.c.id == project.id)
            .values(
                score=after.score,
                rating_org_count=after.rating_org_count,
                adopter_count=after.adopter_count,
                updated_at=table.c.updated_at,  # not an edit of the pilot
            )
        )
        db.session.add(
            ScoreSnapshot(
                project_id=project.id,
                created_at=at or utcnow(),
                score=after.score,
                rating_org_count=after.rating_org_count,
                adopter_count=after.adopter_count,
            )
        )
    for name in ("score", "rating_org_count", "adopter_count"):
        attributes.set_committed_value(project, name, getattr(after, name))
    return after


def refresh_all(*, prior: Prior | None = None) -> int:
    """Refresh every pilot that has ratings or adoptions; after the rubric or prior changed."""
    prior = prior or configured_prior()
    ids = set(db.session.scalars(select(Rating.project_id).distinct())) | set(
        db.session.scalars(select(Adoption.project_id).distinct())
    )
    ids |= set(db.session.scalars(select(Project.id).where(Project.score.is_not(None))))
    for project in db.session.scalars(select(Project).where(Project.id.in_(ids))):
        lock(project)
        refresh(project, prior=prior)
    return len(ids)


def history(project: Project, limit: int = 200) -> list[ScoreSnapshot]:
    """The most recent snapshots, oldest first: the points of the score chart."""
    rows = db.session.scalars(
        select(ScoreSnapshot)
        .where(ScoreSnapshot.project_id == project.id)
        .order_by(ScoreSnapshot.created_at.desc(), ScoreSnapshot.id.desc())
        .limit(limit)
    )
    return list(reversed(list(rows)))


# --- Helpers for the pilot list (sorting and filtering on the stored values) --------------


def order_by_score(query: Select[Project]) -> Select[Project]:
    """Highest score first; unrated pilots last, then by how many organisations rated."""
    # NULLS LAST rather than `score IS NULL` first: the same order, and one that
    # the list's index (ix_project_listed_score) can deliver.
    return query.order_by(
        Project.score.desc().nulls_last(),
        Project.rating_org_count.desc(),
        Project.id.desc(),
    )


def order_by_adopters(query: Select[Project]) -> Select[Project]:
    """Most organisations with the pilot in use first; ties by score."""
    return query.order_by(
        Project.adopter_count.desc(),
        Project.score.desc().nulls_last(),
        Project.id.desc(),
    )


def with_min_score(query: Select[Project], minimum: float | None) -> Select[Project]:
    """Only pilots whose stored score is at least `minimum` (unrated ones drop out)."""
    if minimum is None:
        return query
    return query.where(Project.score >= minimum)
