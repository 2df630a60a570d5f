"""Reading: what the public web shows, as JSON, with the web's own queries.

Reads are anonymous whoever calls (a token changes nothing here), so every
list and detail shows exactly what a visitor without an account sees:
`projects.public_query`, `projects.get_visible(slug, None)` and
`permissions.can_view_project(None, ...)` decide, never this module.
"""

from __future__ import annotations

from typing import Any

from registry import search
from registry.extensions import db
from registry.models import Event, Project, Question
from registry.search.interface import FACETS, SearchQuery
from registry.services import (
    adoptions,
    catalogue,
    events,
    organisations,
    permissions,
    projects,
    questions,
)
from registry.services import rubric as rubric_service
from registry.web.api import bp, conventions, represent, schemas
from registry.web.api.conventions import page_dict, page_of, paged

READ: dict[str, Any] = {"security": [{}, {"token": []}]}
NOT_MODIFIED = "Niet gewijzigd sinds de meegestuurde ETag / not modified"
ETAG = {
    "ETag": {
        "description": "Voor If-None-Match (304) / for If-None-Match",
        "schema": {"type": "string"},
    }
}
PAGED = {
    **ETAG,
    "Link": {
        "description": "first, prev, next, last (RFC 8288)",
        "schema": {"type": "string"},
    },
}


# --- Pilots -----------------------------------------------------------------------------


@bp.route("/projects")
@bp.arguments(schemas.ProjectListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.ProjectPage, headers=PAGED)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def list_projects(page: int, per_page: int, sort: str, **filters: Any) -> dict[str, Any]:
    """Openbare pilots / public pilots

    Dezelfde filters en sorteringen als /projects op de site.
    """
    query = projects.public_query(projects.Filters(sort=sort, **filters))
    found = paged(query, page, per_page)
    return page_of(found, [represent.project_summary(p) for p in found.items], "api.list_projects")


@bp.route("/projects/<text:slug>")
@bp.response(200, schemas.ProjectDetail, headers=ETAG)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def get_project(slug: str) -> dict[str, Any]:
    """Eén openbare pilot / one public pilot

    Met indicatoren, thema's, partners, score per criterium, hergebruikers en
    catalogusstatus. De `ETag` bevat de versie die `If-Match` bij PATCH verwacht.
    """
    project = projects.get_visible(slug, None)
    conventions.etag_version(project.version)
    return represent.project_detail(
        project, adoptions.of_project(project), catalogue.for_project(project)
    )


@bp.route("/projects/<text:slug>/events")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.EventPage, headers=PAGED)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def project_events(slug: str, page: int, per_page: int) -> dict[str, Any]:
    """De openbare geschiedenis van een pilot / a pilot's public history"""
    project = projects.get_visible(slug, None)
    found = paged(events.timeline_query(Project.__tablename__, project.id), page, per_page)
    items: list[Event] = list(found.items)
    return page_of(found, [represent.event(e) for e in items], "api.project_events", slug=slug)


@bp.route("/projects/<text:slug>/questions")
@bp.arguments(schemas.PageArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.QuestionPage, headers=PAGED)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def project_questions(slug: str, page: int, per_page: int) -> dict[str, Any]:
    """Vragen en antwoorden bij een pilot / a pilot's questions and answers

    Nieuwste eerst. Van een verborgen bericht blijven de plaats en de reden, niet de tekst.
    """
    project = projects.get_visible(slug, None)
    found = paged(questions.listing_query(project), page, per_page)
    items: list[Question] = list(found.items)
    return page_of(
        found, [represent.question(q) for q in items], "api.project_questions", slug=slug
    )


# --- Organisations ----------------------------------------------------------------------


@bp.route("/organisations")
@bp.arguments(schemas.OrganisationListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.OrganisationPage, headers=PAGED)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def list_organisations(page: int, per_page: int, q: str, province: str) -> dict[str, Any]:
    """Organisaties met hun aantallen openbare pilots / organisations"""
    rows = [
        {
            **represent.organisation(org),
            "pilots_owned": owned,
            "pilots_partnered": partnered,
        }
        for org, owned, partnered in db.session.execute(organisations.directory_query(province))
        if organisations.matches(org, q)
    ]
    start = (page - 1) * per_page
    chosen = rows[start : start + per_page]
    return page_dict(page, per_page, len(rows), chosen, "api.list_organisations")


@bp.route("/organisations/<identifier:code>")
@bp.response(200, schemas.OrganisationDetail, headers=ETAG)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def get_organisation(code: str) -> dict[str, Any]:
    """Eén organisatie, op code (GM0344) of TOOI-identificatie / one organisation

    Bijvoorbeeld `GM0344` of `https://identifier.overheid.nl/tooi/id/gemeente/gm0344`
    (URL-gecodeerd).
    """
    org = organisations.get_by_identifier(code)
    return represent.organisation_detail(
        org, organisations.pilots_of(org, None), adoptions.of_organisation(org)
    )


# --- The catalogue, the rubric and search -----------------------------------------------


@bp.route("/catalogue")
@bp.arguments(schemas.CatalogueListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.CataloguePage, headers=PAGED)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def list_catalogue(page: int, per_page: int, **filters: Any) -> dict[str, Any]:
    """De standaardcatalogus / the catalogue of standards"""
    found = paged(catalogue.listing_query(catalogue.Filters(**filters)), page, per_page)
    items = [represent.catalogue_summary(entry) for entry in found.items]
    return page_of(found, items, "api.list_catalogue")


@bp.route("/catalogue/<text:slug>")
@bp.response(200, schemas.CatalogueDetail, headers=ETAG)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def get_catalogue_entry(slug: str) -> dict[str, Any]:
    """Eén standaard, met levenscyclus en opnamebesluit / one standard"""
    entry = catalogue.get(slug)
    origin = entry.origin_project
    public_origin = origin if origin and permissions.can_view_project(None, origin) else None
    return represent.catalogue_detail(entry, public_origin, catalogue.adopters(entry))


@bp.route("/rubric")
@bp.response(200, schemas.Rubric, headers=ETAG)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def get_rubric() -> dict[str, Any]:
    """De criteria waarop pilots worden beoordeeld / the rating criteria"""
    return {"criteria": [represent.criterion(c) for c in rubric_service.active_criteria()]}


@bp.route("/search")
@bp.arguments(schemas.SearchArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.SearchPage, headers=PAGED)
@bp.alt_response(304, description=NOT_MODIFIED)
@bp.doc(**READ)
def search_projects(q: str, sort: str, page: int, per_page: int, **facets: str) -> dict[str, Any]:
    """Zoeken in pilots, met facetten / search with facets"""
    query = SearchQuery(
        text=q,
        filters={name: (facets[name],) for name in FACETS if facets.get(name)},
        sort=sort,
        page=page,
        per_page=per_page,
        highlight=False,
    )
    results = search.search(query)
    hits = [represent.search_hit(hit) for hit in results.hits]
    body = page_dict(page, per_page, results.total, hits, "api.search_projects")
    return {
        **body,
        "query": q,
        "facets": {
            name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
        "suggestion": results.suggestion,
    }
