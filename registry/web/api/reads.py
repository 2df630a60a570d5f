"""Reading: what the public web shows, as JSON, with the web's own queries.

Reads are anonymous whoever calls (a token changes nothing here), so every
list and detail shows exactly what a visitor without an account sees:
`projects.public_query`, `projects.get_visible(slug, None)` and
`permissions.can_view_project(None, ...)` decide, never this module.
"""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from registry import search
from registry.extensions import db
from registry.models import Event, Project
from registry.search.interface import FACETS, SearchQuery
from registry.services import adoptions, catalogue, events, organisations, permissions, projects
from registry.services import rubric as rubric_service
from registry.web.api import bp, conventions, represent, schemas
from registry.web.api.auth import token

READ: dict[str, Any] = {"security": [{}, {"token": []}]}
NOT_MODIFIED = {"description": "Niet gewijzigd sinds de meegestuurde ETag / not modified"}


def _paged(query: Select[Any], args: dict[str, Any]) -> Pagination:
    return db.paginate(query, page=args["page"], per_page=args["per_page"], error_out=False)


def _page_of(pagination: Pagination, items: list[Any], endpoint: str, **kw: Any) -> dict[str, Any]:
    return _page_dict(
        pagination.page, pagination.per_page, pagination.total or 0, items, endpoint, **kw
    )


def _page_dict(
    page: int, per_page: int, total: int, items: list[Any], endpoint: str, **kw: Any
) -> dict[str, Any]:
    pages = max(1, -(-total // per_page))
    request.environ["registry.api.link"] = conventions.link_header(endpoint, page, pages, **kw)
    return {"page": page, "per_page": per_page, "total": total, "pages": pages, "items": items}


@bp.after_request
def _add_link(response: Response) -> Response:
    link = request.environ.get("registry.api.link")
    if link and response.status_code == 200:
        response.headers["Link"] = link
    return response


@bp.before_request
def _check_token() -> None:
    # A token sent with a read must still work: a client learns at once that it is dead.
    token()


# --- Pilots -----------------------------------------------------------------------------


@bp.route("/projects")
@bp.arguments(schemas.ProjectListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.ProjectPage)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
@bp.doc(**READ)
def list_projects(page: int, per_page: int, sort: str, **filters: Any) -> dict[str, Any]:
    """Openbare pilots / public pilots

    Dezelfde filters en sorteringen als /projects op de site.
    """
    query = projects.public_query(projects.Filters(sort=sort, **filters))
    found = _paged(query, {"page": page, "per_page": per_page})
    items = [represent.project_summary(p) for p in found.items]
    return _page_of(found, items, "api.list_projects")


@bp.route("/projects/<text:slug>")
@bp.response(200, schemas.ProjectDetail)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
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
@bp.response(200, schemas.EventPage)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
@bp.doc(**READ)
def project_events(slug: str, page: int, per_page: int) -> dict[str, Any]:
    """De openbare geschiedenis van een pilot / a pilot's public history"""
    project = projects.get_visible(slug, None)
    found = _paged(
        events.timeline_query(Project.__tablename__, project.id),
        {"page": page, "per_page": per_page},
    )
    items: list[Event] = list(found.items)
    return _page_of(found, [represent.event(e) for e in items], "api.project_events", slug=slug)


# --- Organisations ----------------------------------------------------------------------


@bp.route("/organisations")
@bp.arguments(schemas.OrganisationListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.OrganisationPage)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
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
    return _page_dict(
        page, per_page, len(rows), rows[start : start + per_page], "api.list_organisations"
    )


@bp.route("/organisations/<identifier:code>")
@bp.response(200, schemas.OrganisationDetail)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
@bp.doc(**READ)
def get_organisation(code: str) -> dict[str, Any]:
    """Eén organisatie, op code (GM0344) of TOOI-identificatie / one organisation

    Bijvoorbeeld `GM0344` of `https://identifier.overheid.nl/tooi/id/gemeente/gm0344`
    (URL-gecodeerd).
    """
    org = organisations.get_by_identifier(code)
    pilots = organisations.pilots_of(org, None)
    return {
        **represent.organisation(org),
        "pilots": [represent.project_summary(p) for p in pilots.owned],
        "partner_in": [represent.project_summary(p) for p in pilots.partnered],
        "adoptions": [
            {
                "project": {"slug": a.project.slug, "title": a.project.title},
                "status": a.status,
                "updated_at": a.updated_at,
            }
            for a in adoptions.of_organisation(org)
        ],
    }


# --- The catalogue, the rubric and search -----------------------------------------------


@bp.route("/catalogue")
@bp.arguments(schemas.CatalogueListArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.CataloguePage)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
@bp.doc(**READ)
def list_catalogue(page: int, per_page: int, **filters: Any) -> dict[str, Any]:
    """De standaardcatalogus / the catalogue of standards"""
    found = _paged(
        catalogue.listing_query(catalogue.Filters(**filters)), {"page": page, "per_page": per_page}
    )
    items = [represent.catalogue_summary(entry) for entry in found.items]
    return _page_of(found, items, "api.list_catalogue")


@bp.route("/catalogue/<text:slug>")
@bp.response(200, schemas.CatalogueDetail)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
@bp.doc(**READ)
def get_catalogue_entry(slug: str) -> dict[str, Any]:
    """Eén standaard, met levenscyclus en opnamebesluit / one standard"""
    entry = catalogue.get(slug)
    origin = entry.origin_project
    public_origin = origin if origin and permissions.can_view_project(None, origin) else None
    return {
        **represent.catalogue_summary(entry),
        "description": entry.description,
        "licence": entry.licence,
        "status_reason": entry.status_reason,
        "status_changed_at": entry.status_changed_at,
        "successor": entry.successor.slug if entry.successor else None,
        "origin_project": {"slug": public_origin.slug, "title": public_origin.title}
        if public_origin
        else None,
        "promotion": represent.promotion(entry.nomination),
        "adopters": [represent.organisation_ref(org) for org in catalogue.adopters(entry)],
    }


@bp.route("/rubric")
@bp.response(200, schemas.Rubric)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
@bp.doc(**READ)
def get_rubric() -> dict[str, Any]:
    """De criteria waarop pilots worden beoordeeld / the rating criteria"""
    return {"criteria": [represent.criterion(c) for c in rubric_service.active_criteria()]}


@bp.route("/search")
@bp.arguments(schemas.SearchArgs, location="query", as_kwargs=True)
@bp.response(200, schemas.SearchPage)
@bp.alt_response(304, description=NOT_MODIFIED["description"])
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
    hits = [
        {
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
        for hit in results.hits
    ]
    body = _page_dict(page, per_page, results.total, hits, "api.search_projects")
    return {
        **body,
        "query": q,
        "facets": {
            name: [{"value": v.value, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
        "suggestion": results.suggestion,
    }
