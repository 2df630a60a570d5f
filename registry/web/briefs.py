"""The council brief: one printable page about a pilot or a standard.

What it is, who uses it, what adopting it cost others, its score and why it
is (or is not yet) a standard, for a council member who reads it on paper.
`pilot_brief` and `standard_brief` build one plain `Brief` each, in a fixed
number of statements (`services.reuse_figures`); `briefs/brief.html` only
formats it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from registry.i18n import current_language
from registry.models import CatalogueEntry, Nomination, NominationState, Organisation, Project
from registry.services import adoptions, catalogue, nominations, reuse_figures
from registry.translation import gettext as _
from registry.web.formatting import fmt_date, fmt_number
from registry.web.labels import LAYERS, PHASES, THEMES, label
from registry.web.nominations.labels import CATALOGUE_STATUSES, STATES
from registry.web.projects.labels import FIELDS


@dataclass(frozen=True)
class Fact:
    name: str
    value: str


@dataclass(frozen=True)
class TextPart:
    heading: str
    text: str  # Markdown, rendered (sanitised) by the template


@dataclass(frozen=True)
class CriterionScore:
    name: str
    score: float | None
    organisation_count: int


@dataclass(frozen=True)
class DecisionRecord:
    state: str
    decided_at: datetime | None
    rationale: str
    override: bool


@dataclass(frozen=True)
class Brief:
    kind: str  # "pilot" or "standard"
    title: str
    summary: str
    page_endpoint: str  # the full page this brief summarises
    slug: str
    is_public: bool
    facts: list[Fact]
    texts: list[TextPart]
    in_use: list[Organisation]
    preparing: list[Organisation]
    effort: adoptions.EffortSummary
    score: float | None
    organisation_count: int
    disagreement: float | None
    criteria: list[CriterionScore]
    decision: DecisionRecord | None
    catalogue_slug: str | None  # the pilot's standard, when it became one
    printed_on: date


def _figures(project: Project | None) -> reuse_figures.Figures:
    return reuse_figures.of_projects([project] if project is not None else [])


def _scores(figures: reuse_figures.Figures, project: Project | None) -> dict:
    found = figures.by_project.get(project.id) if project is not None else None
    language = current_language()
    aggregate = found.aggregate if found else None
    criteria = []
    for criterion in figures.criteria:
        scored = aggregate.criteria.get(criterion.code) if aggregate else None
        criteria.append(
            CriterionScore(
                criterion.text("name", language),
                scored.score if scored else None,
                scored.organisation_count if scored else 0,
            )
        )
    return {
        "in_use": found.in_use if found else [],
        "preparing": found.preparing if found else [],
        "effort": found.effort if found else adoptions.median_effort(()),
        "score": aggregate.score if aggregate else None,
        "organisation_count": aggregate.organisation_count if aggregate else 0,
        "disagreement": aggregate.disagreement if aggregate else None,
        "criteria": criteria,
    }


def _decision(nomination: Nomination | None) -> DecisionRecord | None:
    decided = (NominationState.ACCEPTED, NominationState.REJECTED, NominationState.RETURNED)
    if nomination is None or nomination.state not in decided:
        return None
    return DecisionRecord(
        state=str(label(STATES, nomination.state)),
        decided_at=nomination.decided_at,
        rationale=nomination.rationale,
        override=nomination.override,
    )


def _themes(codes: list[str]) -> str:
    return ", ".join(str(label(THEMES, code)) for code in codes) or _("Geen")


def pilot_brief(project: Project, today: date) -> Brief:
    """`project` comes from `projects.get_visible`, with its relations loaded."""
    entry = catalogue.for_project(project)
    nomination = entry.nomination if entry is not None else nominations.latest(project)
    owners = ", ".join([project.owner.name, *(org.name for org in project.partners)])
    facts = [
        Fact(str(FIELDS["owner"]), owners),
        Fact(str(FIELDS["phase"]), str(label(PHASES, project.phase))),
        Fact(str(FIELDS["themes"]), _themes(project.themes)),
        Fact(str(FIELDS["licence"]), project.licence or _("Niet opgegeven")),
        Fact(
            _("Looptijd"),
            " – ".join(fmt_date(d) for d in (project.start_date, project.end_date) if d)
            or _("Niet opgegeven"),
        ),
    ]
    if project.budget_euros is not None:
        facts.append(Fact(str(FIELDS["budget_euros"]), f"€ {fmt_number(project.budget_euros)}"))
    texts = [
        TextPart(str(FIELDS[name]), getattr(project, name))
        for name in ("problem", "approach", "results", "lessons")
        if getattr(project, name)
    ]
    return Brief(
        kind="pilot",
        title=project.title,
        summary=project.summary,
        page_endpoint="projects.show",
        slug=project.slug,
        is_public=project.is_public,
        facts=facts,
        texts=texts,
        decision=_decision(nomination),
        catalogue_slug=entry.slug if entry is not None else None,
        printed_on=today,
        **_scores(_figures(project), project),
    )


def standard_brief(entry: CatalogueEntry, origin: Project | None, today: date) -> Brief:
    """`origin` is the pilot the standard grew from, or None when the viewer may not see it."""
    facts = [
        Fact(_("Beheerder"), entry.maintainer.name),
        Fact(_("Status"), str(label(CATALOGUE_STATUSES, entry.status))),
        Fact(_("Standaard sinds"), fmt_date(entry.standard_since)),
        Fact(_("Versie"), entry.version),
        Fact(str(FIELDS["themes"]), _themes(entry.themes)),
        Fact(
            str(FIELDS["licence"]),
            entry.licence or (origin.licence if origin else "") or _("Niet opgegeven"),
        ),
    ]
    if entry.common_ground_layer:
        facts.append(
            Fact(str(FIELDS["common_ground_layer"]), str(label(LAYERS, entry.common_ground_layer)))
        )
    texts = [TextPart(_("De oplossing"), entry.description)] if entry.description else []
    if origin is not None and origin.results:
        texts.append(TextPart(_("Resultaten van de oorspronkelijke pilot"), origin.results))
    return Brief(
        kind="standard",
        title=entry.name,
        summary="",
        page_endpoint="catalogue.show",
        slug=entry.slug,
        is_public=True,
        facts=facts,
        texts=texts,
        decision=_decision(entry.nomination),
        catalogue_slug=None,
        printed_on=today,
        **_scores(_figures(origin), origin),
    )
