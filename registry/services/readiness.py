"""The readiness checklist: is a pilot ready to become a catalogue standard?

Computed live from the data, for one pilot or a whole curation queue in a
fixed number of queries. A decision stores `Checklist.snapshot()`, so the
public record shows the figures as they were when the curator decided.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import distinct, func, select

from registry.extensions import db
from registry.models import (
    Adoption,
    AdoptionStatus,
    Attachment,
    Indicator,
    Project,
    Rating,
)
from registry.models.vocab import Phase
from registry.services import scores


@dataclass(frozen=True)
class Thresholds:
    """What "ready" means; the site reads it from READINESS_* in its configuration."""

    min_ratings: int = 3
    min_rating_orgs: int = 3
    min_score: float = 3.5
    min_adopters: int = 1

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Thresholds:
        default = cls()
        return cls(
            min_ratings=int(config.get("READINESS_MIN_RATINGS", default.min_ratings)),
            min_rating_orgs=int(config.get("READINESS_MIN_RATING_ORGS", default.min_rating_orgs)),
            min_score=float(config.get("READINESS_MIN_SCORE", default.min_score)),
            min_adopters=int(config.get("READINESS_MIN_ADOPTERS", default.min_adopters)),
        )


@dataclass(frozen=True)
class Item:
    """One condition: met or not, with the figure found and the figure required."""

    key: str
    met: bool
    actual: Any
    required: Any

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Checklist:
    items: tuple[Item, ...]

    @property
    def ready(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def unmet(self) -> list[Item]:
        return [item for item in self.items if not item.met]

    @property
    def met_count(self) -> int:
        return sum(1 for item in self.items if item.met)

    def item(self, key: str) -> Item:
        return next(item for item in self.items if item.key == key)

    def snapshot(self) -> dict[str, Any]:
        """Plain JSON for the nomination's record."""
        return {"ready": self.ready, "items": [item.as_dict() for item in self.items]}

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any] | None) -> Checklist | None:
        if not data:
            return None
        return cls(
            tuple(
                Item(
                    key=row["key"],
                    met=bool(row["met"]),
                    actual=row["actual"],
                    required=row["required"],
                )
                for row in data.get("items", [])
            )
        )


# The organisation neither owns nor partners in the pilot: only they count as proof.
_outside_owners = scores.outside_members


def checklists(projects: Sequence[Project], thresholds: Thresholds) -> dict[int, Checklist]:
    """The checklist of each pilot, by pilot id, in four queries whatever the number."""
    ids = [project.id for project in projects]
    if not ids:
        return {}
    rating_counts = {
        project_id: (ratings, orgs)
        for project_id, ratings, orgs in db.session.execute(
            select(
                Rating.project_id,
                func.count(Rating.id),
                func.count(distinct(Rating.organisation_id)),
            )
            .join(Project, Project.id == Rating.project_id)
            .where(
                Rating.project_id.in_(ids),
                _outside_owners(Rating.project_id, Rating.organisation_id),
            )
            .group_by(Rating.project_id)
        )
    }
    adopter_counts = dict(
        db.session.execute(
            select(Adoption.project_id, func.count(distinct(Adoption.organisation_id)))
            .join(Project, Project.id == Adoption.project_id)
            .where(
                Adoption.project_id.in_(ids),
                Adoption.status.in_(READY_ADOPTION_STATUSES),
                _outside_owners(Adoption.project_id, Adoption.organisation_id),
            )
            .group_by(Adoption.project_id)
        ).all()
    )
    with_measured_result = set(
        db.session.scalars(
            select(Indicator.project_id)
            .where(Indicator.project_id.in_(ids), Indicator.result.is_not(None))
            .distinct()
        )
    )
    with_attachment = set(
        db.session.scalars(
            select(Attachment.project_id).where(Attachment.project_id.in_(ids)).distinct()
        )
    )
    result = {}
    for project in projects:
        ratings, orgs = rating_counts.get(project.id, (0, 0))
        result[project.id] = _build(
            project,
            thresholds,
            ratings=ratings,
            rating_orgs=orgs,
            adopters=adopter_counts.get(project.id, 0),
            measured=project.id in with_measured_result,
            attached=project.id in with_attachment,
        )
    return result


def readiness_checklist(project: Project, thresholds: Thresholds) -> Checklist:
    return checklists([project], thresholds)[project.id]


READY_ADOPTION_STATUSES = (AdoptionStatus.PREPARING, AdoptionStatus.IN_USE)


def checklist_of_loaded(
    project: Project,
    ratings: Sequence[Rating],
    adoptions: Sequence[Adoption],
    thresholds: Thresholds,
) -> Checklist:
    """The same checklist as `checklists`, from what a page has already read: no query.

    `project` must have its partners, indicators and attachments loaded (as
    `projects.get_visible` does), and `ratings` and `adoptions` are all of
    the pilot's. The same rule as the SQL above: only organisations that
    neither own nor partner in the pilot count as proof.
    """
    members = project.member_organisation_ids
    outside = [rating for rating in ratings if rating.organisation_id not in members]
    adopters = {
        adoption.organisation_id
        for adoption in adoptions
        if adoption.status in READY_ADOPTION_STATUSES and adoption.organisation_id not in members
    }
    return _build(
        project,
        thresholds,
        ratings=len(outside),
        rating_orgs=len({rating.organisation_id for rating in outside}),
        adopters=len(adopters),
        measured=any(indicator.result is not None for indicator in project.indicators),
        attached=bool(project.attachments),
    )


def _build(
    project: Project,
    thresholds: Thresholds,
    *,
    ratings: int,
    rating_orgs: int,
    adopters: int,
    measured: bool,
    attached: bool,
) -> Checklist:
    score = project.score
    has_results_text = bool((project.results or "").strip())
    return Checklist(
        (
            Item("phase", project.phase == Phase.COMPLETED, project.phase, Phase.COMPLETED.value),
            Item("ratings", ratings >= thresholds.min_ratings, ratings, thresholds.min_ratings),
            Item(
                "rating_orgs",
                rating_orgs >= thresholds.min_rating_orgs,
                rating_orgs,
                thresholds.min_rating_orgs,
            ),
            Item(
                "score",
                score is not None and score >= thresholds.min_score,
                round(score, 2) if score is not None else None,
                thresholds.min_score,
            ),
            Item(
                "adopters", adopters >= thresholds.min_adopters, adopters, thresholds.min_adopters
            ),
            Item(
                "results",
                has_results_text and (measured or attached),
                {"text": has_results_text, "measured": measured, "attachment": attached},
                True,
            ),
        )
    )
