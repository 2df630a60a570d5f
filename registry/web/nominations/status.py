"""What the pilot page shows about the catalogue: a badge, a notice, or the checklist.

The pilot page's view builds this (see `registry.web.projects.page`) and
`projects/_promotion_status.html` renders it; the template asks nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from registry.models import Adoption, CatalogueEntry, Nomination, Project, Rating
from registry.services import catalogue, nominations, readiness
from registry.services.readiness import Checklist
from registry.web.nominations import bp, labels
from registry.web.nominations import readiness as readiness_text
from registry.web.nominations.helpers import thresholds


@dataclass(frozen=True)
class PromotionStatus:
    entry: CatalogueEntry | None
    open: Nomination | None
    latest: Nomination | None
    checklist: Checklist | None


def promotion_status(
    project: Project,
    ratings: Sequence[Rating] | None = None,
    adoptions: Sequence[Adoption] | None = None,
) -> PromotionStatus:
    """The pilot's place in the catalogue; pass its ratings and adoptions if already read."""
    entry = catalogue.for_project(project)
    if entry is not None:
        return PromotionStatus(entry=entry, open=None, latest=None, checklist=None)
    latest = nominations.latest(project)
    if ratings is not None and adoptions is not None:
        checklist = readiness.checklist_of_loaded(project, ratings, adoptions, thresholds())
    else:
        checklist = readiness.readiness_checklist(project, thresholds())
    return PromotionStatus(
        entry=None,
        open=latest if latest is not None and latest.is_open else None,
        latest=latest,
        checklist=checklist,
    )


@bp.app_template_global("readiness_sentence")
def readiness_sentence(item: readiness.Item) -> str:
    return readiness_text.describe(item)


@bp.app_template_global("readiness_title")
def readiness_title(item: readiness.Item) -> str:
    return readiness_text.title(item)


@bp.app_context_processor
def promotion_labels() -> dict[str, object]:
    return {"promotion_labels": labels}
