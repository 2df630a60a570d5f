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

from sqlalchemy import select
from sqlalchemy.orm import aliased, defer

from registry.extensions import db
from registry.models import CatalogueEntry, Organisation, Project, ProjectTheme
from registry.services import catalogue, organisations, projects

BATCH = 500

Record = dict[str, Any]


def _organisation_fields(prefix: str, org: Organisation) -> Record:
    return {
        f"{prefix}_code": org.code,
        f"{prefix}_name": org.name,
        f"{prefix}_tooi_uri": org.tooi_uri,
    }


def _themes_of(project_ids: list[int]) -> dict[int, list[str]]:
    """The themes of a batch of pilots, in one query."""
    themes: dict[int, list[str]] = {pid: [] for pid in project_ids}
    rows = db.session.execute(
        select(ProjectTheme.project_id, ProjectTheme.theme)
        .where(ProjectTheme.project_id.in_(project_ids))
        .order_by(ProjectTheme.project_id, ProjectTheme.theme)
    )
    for project_id, theme in rows:
        themes[project_id].append(theme)
    return themes


def project_records(filters: projects.Filters) -> Iterator[Record]:
    """Public pilots as `public_query` filters and sorts them, read as plain columns.

    Plain rows rather than loaded pilots: an export reads each row once, so
    the ORM's identity map and loaders would only cost time (about three
    times as much for 20,000 rows). The owner is joined under an alias so the
    organisation filter's subqueries keep their own FROM.
    """
    owner = aliased(Organisation)
    query = (
        projects.public_query(filters)
        .with_only_columns(
            Project.id,
            Project.slug,
            Project.title,
            Project.summary,
            Project.phase,
            Project.common_ground_layer,
            owner.code,
            owner.name,
            owner.kind,
            owner.province,
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
        .join(owner, owner.id == Project.owner_id)
        .execution_options(yield_per=BATCH)
    )
    owners: dict[str, Record] = {}  # a few hundred owners at most; the TOOI rule is the model's
    for batch in db.session.execute(query).partitions():
        themes = _themes_of([row.id for row in batch])
        for row in batch:
            if row.code not in owners:
                org = Organisation(code=row.code, name=row.name, kind=row.kind)
                owners[row.code] = _organisation_fields("owner", org)
            yield {
                "slug": row.slug,
                "title": row.title,
                "summary": row.summary,
                "phase": row.phase,
                "themes": themes[row.id],
                "common_ground_layer": row.common_ground_layer,
                **owners[row.code],
                "owner_province": row.province,
                "start_date": row.start_date,
                "end_date": row.end_date,
                "published_at": row.published_at,
                "licence": row.licence or None,
                "website_url": row.website_url or None,
                "repository_url": row.repository_url or None,
                "documentation_url": row.documentation_url or None,
                "score": round(row.score, 2) if row.score is not None else None,
                "rating_organisations": row.rating_org_count,
                "adopters": row.adopter_count,
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
