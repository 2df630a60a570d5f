"""What the pilot page shows about the catalogue: a badge, a notice, or the checklist.

The pilot page includes `projects/_promotion_status.html` with only the
pilot; the template asks `promotion_status(project)` for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.models import CatalogueEntry, Nomination, Project
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


@bp.app_template_global("promotion_status")
def promotion_status(project: Project) -> PromotionStatus:
    entry = catalogue.for_project(project)
    if entry is not None:
        return PromotionStatus(entry=entry, open=None, latest=None, checklist=None)
    latest = nominations.latest(project)
    return PromotionStatus(
        entry=None,
        open=latest if latest is not None and latest.is_open else None,
        latest=latest,
        checklist=readiness.readiness_checklist(project, thresholds()),
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
