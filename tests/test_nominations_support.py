"""Shared pieces of the nomination, curation and catalogue tests (no tests of its own)."""

from __future__ import annotations

from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Nomination, Project
from registry.models.vocab import Phase

RATIONALE = "De pilot is goed gedocumenteerd en al bij andere gemeenten in gebruik."
RATER_ORGS = ("GM0014", "GM0034", "GM0037")


def make_ready(
    project: Project, make_user, make_rating, make_adoption, make_indicator, score: int = 5
) -> None:
    """Give the pilot everything the readiness checklist asks for."""
    project.phase = Phase.COMPLETED
    project.results = "De wachttijd is gehalveerd."
    make_indicator(project, name="Wachttijd", unit="dagen", baseline=20, target=10, result=9)
    for code in RATER_ORGS:
        make_rating(project, make_user(org=code), score)
    make_adoption(project, make_user(org="GM0047"), "in_use")
    db.session.flush()


def nomination_count(project: Project) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Nomination).where(Nomination.project_id == project.id)
    )


def page(response) -> str:
    return response.get_data(as_text=True)
