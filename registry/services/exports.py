"""The rows of the open-data exports: public pilots, the catalogue and the organisations.

Each function yields one plain record (a dict with stable English keys and
plain values: text, numbers, dates, lists) per row, reading the rows in
batches of `BATCH` from a streaming query (`yield_per`: a server-side cursor
on PostgreSQL), so an export of 100,000 pilots never holds them all in
memory. The lists are the pages' own queries with the pages' own filters:
the public-pilot rule is `projects.public_query`'s, not restated here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import defer, load_only

from registry.extensions import db
from registry.models import CatalogueEntry, Organisation, Project
from registry.services import catalogue, organisations, projects

BATCH = 500

Record = dict[str, Any]

# The pilot columns an export shows; the long texts (problem, approach...) stay unread.
_PROJECT_COLUMNS = (
    Project.slug,
    Project.title,
    Project.summary,
    Project.phase,
    Project.common_ground_layer,
    Project.owner_id,
    Project.start_date,
    Project.end_date,
    Project.published_at,
    Project.licence,
    Project.website_url,
    Project.repository_url,
    Project.documentation_url,
    Project.score,
    Project.rating_org_count,
    Project.adopter_count,
)


def _organisation_fields(prefix: str, org: Organisation) -> Record:
    return {
        f"{prefix}_code": org.code,
        f"{prefix}_name": org.name,
        f"{prefix}_tooi_uri": org.tooi_uri,
    }


def project_records(filters: projects.Filters) -> Iterator[Record]:
    query = (
        projects.public_query(filters)
        .options(load_only(*_PROJECT_COLUMNS))
        .execution_options(yield_per=BATCH)
    )
    for project in db.session.scalars(query):
        yield {
            "slug": project.slug,
            "title": project.title,
            "summary": project.summary,
            "phase": project.phase,
            "themes": project.themes,
            "common_ground_layer": project.common_ground_layer,
            **_organisation_fields("owner", project.owner),
            "owner_province": project.owner.province,
            "start_date": project.start_date,
            "end_date": project.end_date,
            "published_at": project.published_at,
            "licence": project.licence or None,
            "website_url": project.website_url or None,
            "repository_url": project.repository_url or None,
            "documentation_url": project.documentation_url or None,
            "score": round(project.score, 2) if project.score is not None else None,
            "rating_organisations": project.rating_org_count,
            "adopters": project.adopter_count,
        }


def catalogue_records(filters: catalogue.Filters) -> Iterator[Record]:
    query = (
        catalogue.listing_query(filters)
        .options(defer(CatalogueEntry.description), defer(CatalogueEntry.status_reason))
        .execution_options(yield_per=BATCH)
    )
    for batch in db.session.scalars(query).partitions():
        adopters = catalogue.adopters_by_entry(batch)
        for entry in batch:
            yield {
                "slug": entry.slug,
                "name": entry.name,
                "status": entry.status,
                "version": entry.version,
                "standard_since": entry.standard_since,
                "themes": entry.themes,
                "common_ground_layer": entry.common_ground_layer,
                **_organisation_fields("maintainer", entry.maintainer),
                "adopters": len(adopters[entry.id]),
            }


def organisation_records(
    q: str = "", province: str = "", include_inactive: bool = False
) -> Iterator[Record]:
    query = organisations.directory_query(province, include_inactive).execution_options(
        yield_per=BATCH
    )
    for org, owned, partnered in db.session.execute(query):
        if not organisations.matches(org, q):
            continue
        yield {
            "code": org.code,
            "name": org.name,
            "kind": org.kind,
            "province": org.province,
            "active": org.active,
            "tooi_uri": org.tooi_uri,
            "pilots_owned": owned,
            "pilots_partnered": partnered,
        }
