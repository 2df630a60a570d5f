"""Shared pieces of the nomination, curation and catalogue tests (no tests of its own)."""

from __future__ import annotations

from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Indicator, Nomination, Project
from registry.models.vocab import Phase

RATIONALE = "De pilot is goed gedocumenteerd en al bij andere gemeenten in gebruik."
RATER_ORGS = ("GM0014", "GM0034", "GM0037")


def add_indicator(project: Project, result: float | None = 9.0) -> Indicator:
    indicator = Indicator(project_id=project.id, name="Wachttijd", unit="dagen", result=result)
    db.session.add(indicator)
    db.session.flush()
    return indicator


def make_ready(project: Project, make_user, make_rating, make_adoption, score: int = 5) -> None:
    """Give the pilot everything the readiness checklist asks for."""
    project.phase = Phase.COMPLETED
    project.results = "De wachttijd is gehalveerd."
    add_indicator(project)
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
