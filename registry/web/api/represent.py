"""Models as the plain values the API's schemas describe; no rule is decided here.

What is shown is what the public web shows an anonymous visitor: the
callers pass only pilots that `projects.public_query` or
`permissions.can_view_project(None, ...)` let through, and contact details
are never included (the web shows them to signed-in people only).
"""

from __future__ import annotations

from typing import Any

from registry.i18n import current_language
from registry.models import (
    Adoption,
    CatalogueEntry,
    Criterion,
    Event,
    Nomination,
    Organisation,
    Project,
    Question,
    Rating,
)
from registry.models.question import Answer
from registry.search.interface import SearchHit
from registry.services import scores
from registry.services.organisations import OrganisationPilots
from registry.services.readiness import Checklist

Plain = dict[str, Any]


def organisation_ref(org: Organisation | None) -> Plain | None:
    if org is None:
        return None
    return {"code": org.code, "name": org.name, "tooi_uri": org.tooi_uri}


def organisation(org: Organisation) -> Plain:
    return {
        **(organisation_ref(org) or {}),
        "kind": org.kind,
        "province": org.province,
        "active": org.active,
    }


def organisation_detail(
    org: Organisation, pilots: OrganisationPilots, adoptions: list[Adoption]
) -> Plain:
    return {
        **organisation(org),
        "pilots": [project_summary(p) for p in pilots.owned],
        "partner_in": [project_summary(p) for p in pilots.partnered],
        "adoptions": [
            {
                "project": {"slug": a.project.slug, "title": a.project.title},
                "status": a.status,
                "updated_at": a.updated_at,
            }
            for a in adoptions
        ],
    }


def project_summary(project: Project) -> Plain:
    return {
        "slug": project.slug,
        "title": project.title,
        "summary": project.summary,
        "phase": project.phase,
        "themes": project.themes,
        "common_ground_layer": project.common_ground_layer,
        "owner": organisation_ref(project.owner),
        "published_at": project.published_at,
        "score": round(project.score, 2) if project.score is not None else None,
        "rating_organisations": project.rating_org_count,
        "adopters": project.adopter_count,
    }


def reusability(project: Project) -> Plain:
    result, _ = scores.compute(project.id, scores.configured_prior())
    return {
        "score": round(result.score, 2) if result.score is not None else None,
        "organisations": result.organisation_count,
        "criteria": [
            {"code": code, "organisations": c.organisation_count, "score": round(c.score, 2)}
            for code, c in result.criteria.items()
        ],
    }


def project_detail(
    project: Project, adoptions: list[Adoption], entry: CatalogueEntry | None
) -> Plain:
    members = project.member_organisation_ids
    return {
        **project_summary(project),
        **{name: getattr(project, name) for name in ("problem", "approach", "results", "lessons")},
        "tags": project.tags,
        "partners": [organisation_ref(org) for org in project.partners],
        "start_date": project.start_date,
        "end_date": project.end_date,
        "budget_euros": project.budget_euros,
        "funding_source": project.funding_source,
        "website_url": project.website_url,
        "repository_url": project.repository_url,
        "documentation_url": project.documentation_url,
        "licence": project.licence,
        "indicators": [
            {
                "name": i.name,
                "unit": i.unit,
                "baseline": i.baseline,
                "target": i.target,
                "result": i.result,
            }
            for i in project.indicators
        ],
        "reusability": reusability(project),
        "adopted_by": [
            {
                "organisation": organisation_ref(a.organisation),
                "status": a.status,
                "updated_at": a.updated_at,
            }
            for a in adoptions
            if a.organisation_id not in members
        ],
        "catalogue": {"slug": entry.slug, "name": entry.name, "status": entry.status}
        if entry
        else None,
        "published": project.is_published,
        "updated_at": project.updated_at,
        "version": project.version,
    }


def event(item: Event) -> Plain:
    payload = item.payload or {}
    changed = payload.get("fields") if item.verb == "edited" else None
    return {
        "verb": item.verb,
        "at": item.created_at,
        "organisation": organisation_ref(item.organisation),
        "fields_changed": list(changed or []),
    }


def _post(item: Question | Answer) -> Plain:
    hidden = item.is_hidden
    return {
        "id": item.id,
        "at": item.created_at,
        "organisation": organisation_ref(item.organisation),
        "body": None if hidden else item.body,
        "hidden": hidden,
        "hidden_by": item.hidden_as if hidden else None,
        "hidden_reason": item.hidden_reason if hidden else None,
    }


def answer(item: Answer) -> Plain:
    return {
        **_post(item),
        "helpful": item.helpful_at is not None,
    }


def question(item: Question) -> Plain:
    """As the pilot page shows it: a hidden question hides its answers too."""
    answers = [] if item.is_hidden else [answer(a) for a in item.answers]
    return {**_post(item), "answers": answers}


def catalogue_summary(entry: CatalogueEntry) -> Plain:
    return {
        "slug": entry.slug,
        "name": entry.name,
        "status": entry.status,
        "version": entry.version,
        "standard_since": entry.standard_since,
        "themes": entry.themes,
        "common_ground_layer": entry.common_ground_layer,
        "maintainer": organisation_ref(entry.maintainer),
    }


def catalogue_detail(
    entry: CatalogueEntry, public_origin: Project | None, adopters: list[Organisation]
) -> Plain:
    return {
        **catalogue_summary(entry),
        "description": entry.description,
        "licence": entry.licence,
        "status_reason": entry.status_reason,
        "status_changed_at": entry.status_changed_at,
        "successor": entry.successor.slug if entry.successor else None,
        "origin_project": {"slug": public_origin.slug, "title": public_origin.title}
        if public_origin
        else None,
        "promotion": promotion(entry.nomination),
        "adopters": [organisation_ref(org) for org in adopters],
    }


def search_hit(hit: SearchHit) -> Plain:
    return {
        "kind": hit.kind,
        "slug": hit.slug,
        "title": hit.title,
        "summary": hit.summary,
        "owner_name": hit.owner_name,
        "phase": hit.phase,
        "score": round(hit.score, 2) if hit.score is not None else None,
        "adopters": hit.adopter_count,
        "published_at": hit.published_at,
    }


def promotion(nomination: Nomination | None) -> Plain | None:
    if nomination is None:
        return None
    checklist = Checklist.from_snapshot(nomination.checklist)
    return {
        "nominated_at": nomination.created_at,
        "decided_at": nomination.decided_at,
        "decision": nomination.decision,
        "rationale": nomination.rationale,
        "override": nomination.override,
        "checklist": [item.as_dict() for item in checklist.items] if checklist else [],
    }


def criterion(item: Criterion) -> Plain:
    language = current_language()
    return {
        "code": item.code,
        "name": item.text("name", language),
        "question": item.text("question", language),
        "guidance": {str(n): item.text(f"score{n}", language) for n in (1, 3, 5)},
    }


def rating(item: Rating) -> Plain:
    return {
        "scores": item.score_by_code(),
        "comment": item.comment,
        "updated_at": item.updated_at,
    }


def adoption(item: Adoption) -> Plain:
    return {
        name: getattr(item, name)
        for name in ("status", "hours", "cost_euros", "months", "prerequisites", "notes")
    } | {"updated_at": item.updated_at}


def nomination(item: Nomination) -> Plain:
    return {
        "id": item.id,
        "state": item.state,
        "motivation": item.motivation,
        "created_at": item.created_at,
    }
