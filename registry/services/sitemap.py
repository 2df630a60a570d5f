"""The public pages a sitemap lists: pilots, catalogue entries and organisations.

The pages are numbered in one fixed order (pilots, then entries, then
organisations, each by id), so a sitemap split into parts of N URLs always
puts a page in the same part while nothing is added before it. Pilots come
from `projects.public_query`: drafts and hidden pilots are never listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select

from registry.extensions import db
from registry.models import CatalogueEntry, Organisation, Project
from registry.services import projects


@dataclass(frozen=True)
class Page:
    kind: str  # "project", "catalogue_entry" or "organisation"
    key: str  # the slug or code in the page's address
    modified: datetime | None


def _public_pilots() -> Select[str, datetime]:
    public_ids = projects.public_query().with_only_columns(Project.id).order_by(None)
    return (
        select(Project.slug, Project.updated_at)
        .where(Project.id.in_(public_ids.scalar_subquery()))
        .order_by(Project.id)
    )


def _entries() -> Select[str, datetime]:
    return select(CatalogueEntry.slug, CatalogueEntry.updated_at).order_by(CatalogueEntry.id)


def _organisations() -> Select[str, datetime]:
    return select(Organisation.code, Organisation.updated_at).order_by(Organisation.id)


SOURCES: tuple[tuple[str, Callable[[], Select[str, datetime]]], ...] = (
    ("project", _public_pilots),
    ("catalogue_entry", _entries),
    ("organisation", _organisations),
)


def _count(query: Select[str, datetime]) -> int:
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def counts() -> list[int]:
    return [_count(make()) for _kind, make in SOURCES]


def pages(offset: int, limit: int, sizes: list[int] | None = None) -> Iterator[Page]:
    """Pages number `offset` to `offset + limit - 1` in the fixed order."""
    sizes = sizes if sizes is not None else counts()
    for (kind, make), size in zip(SOURCES, sizes, strict=True):
        if limit <= 0:
            return
        if offset >= size:
            offset -= size
            continue
        rows = db.session.execute(make().offset(offset).limit(limit))
        taken = 0
        for key, modified in rows:
            taken += 1
            yield Page(kind, key, modified)
        limit -= taken
        offset = 0
