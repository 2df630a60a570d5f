"""A plain database search, for when the index cannot answer.

Used while a missing or damaged index is being rebuilt: every word must
appear somewhere in the pilot's texts (LIKE, case-insensitive, no stemming),
filters and sorting work, facets and highlighting do not. The page says so.
"""

from __future__ import annotations

from sqlalchemy import and_, exists, false, func, or_, select
from sqlalchemy.orm import Session, selectinload

from registry.models import (
    CatalogueEntry,
    CatalogueStatus,
    Organisation,
    Project,
    ProjectTheme,
    project_partner,
)
from registry.search.analysis import terms_for
from registry.search.documents import (
    PROJECT,
    document_id,
    parse_document_id,
    searchable_projects,
)
from registry.search.highlighting import escape_text, mark_all, snippet
from registry.search.interface import SearchHit, SearchQuery, SearchResults
from registry.search.plain_text import plain_text
from registry.search.query import parse

TEXT_COLUMNS = (
    Project.title,
    Project.summary,
    Project.problem,
    Project.approach,
    Project.results,
    Project.lessons,
)


def _contains(word: str):
    return or_(*(func.lower(c).contains(word.lower(), autoescape=True) for c in TEXT_COLUMNS))


def _conditions(query: SearchQuery) -> list:
    conditions = []
    parsed = parse(query.text, query.synonyms)
    for word in parsed.all_words():
        conditions.append(_contains(word))
    for group in parsed.groups:
        conditions.append(or_(*(and_(*(_contains(w) for w in alt)) for alt in group)))
    filters = query.filters
    if filters.get("theme"):
        conditions.append(
            exists().where(
                ProjectTheme.project_id == Project.id, ProjectTheme.theme.in_(filters["theme"])
            )
        )
    if filters.get("phase"):
        conditions.append(Project.phase.in_(filters["phase"]))
    if filters.get("layer"):
        conditions.append(Project.common_ground_layer.in_(filters["layer"]))
    if filters.get("province"):
        conditions.append(Project.owner.has(Organisation.province.in_(filters["province"])))
    if filters.get("organisation"):
        codes = filters["organisation"]
        partner = exists().where(
            project_partner.c.project_id == Project.id,
            project_partner.c.organisation_id == Organisation.id,
            Organisation.code.in_(codes),
        )
        conditions.append(or_(Project.owner.has(Organisation.code.in_(codes)), partner))
    wanted = set(filters.get("catalogue", ()))
    if wanted and wanted != {"yes", "no"}:
        promoted = select(CatalogueEntry.origin_project_id).where(
            CatalogueEntry.origin_project_id.is_not(None),
            CatalogueEntry.status != CatalogueStatus.WITHDRAWN,
        )
        if "yes" in wanted:
            conditions.append(Project.id.in_(promoted))
        elif "no" in wanted:
            conditions.append(Project.id.not_in(promoted))
        else:
            conditions.append(false())
    return conditions


def _order(sort: str) -> list:
    newest = [Project.published_at.desc(), Project.id.desc()]
    column = {"score": "score", "adopters": "adopter_count"}.get(sort)
    if column and hasattr(Project, column):
        return [getattr(Project, column).desc().nulls_last(), *newest]
    return newest


def long_texts(session: Session, doc_ids: list[str]) -> dict[str, str]:
    """The long texts of searchable pilots by document id, for highlighted snippets."""
    ids = [parse_document_id(doc_id)[1] for doc_id in doc_ids if doc_id.startswith(PROJECT)]
    if not ids:
        return {}
    rows = session.execute(
        select(
            Project.id, Project.problem, Project.approach, Project.results, Project.lessons
        ).where(Project.id.in_(ids), Project.is_public)
    ).all()
    return {
        document_id(PROJECT, row.id): "\n\n".join(plain_text(text) for text in row[1:] if text)
        for row in rows
    }


def _snippet(project: Project, terms: set[str]) -> str:
    """Marked passages of the long texts as plain words, else the summary."""
    summary = plain_text(project.summary)
    if not terms:
        return escape_text(summary)
    texts = (project.problem, project.approach, project.results, project.lessons)
    body = "\n\n".join(plain_text(text) for text in texts if text)
    return snippet(body, terms) or mark_all(summary, terms) or escape_text(summary)


def search(session: Session, query: SearchQuery) -> SearchResults:
    conditions = _conditions(query)
    base = searchable_projects().where(*conditions)
    total = session.scalar(
        select(func.count()).select_from(base.with_only_columns(Project.id).subquery())
    )
    projects = session.scalars(
        base.order_by(None)
        .order_by(*_order(query.sort))
        .options(selectinload(Project.owner))
        .limit(query.per_page)
        .offset((query.page - 1) * query.per_page)
    ).all()
    parsed = parse(query.text, query.synonyms)
    words = parsed.all_words() + [w for group in parsed.groups for alt in group for w in alt]
    terms = {term for word in words for term in terms_for(word)}
    hits = [
        SearchHit(
            kind=PROJECT,
            object_id=project.id,
            slug=project.slug,
            title=project.title,
            summary=project.summary,
            owner_name=project.owner.name if project.owner else "",
            phase=project.phase,
            score=getattr(project, "score", None),
            adopter_count=getattr(project, "adopter_count", None) or 0,
            published_at=project.published_at,
            title_html=mark_all(project.title, terms) or escape_text(project.title),
            snippet_html=_snippet(project, terms),
        )
        for project in projects
    ]
    return SearchResults(hits=hits, total=total or 0, query=query, source="database")
