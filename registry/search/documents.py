"""How a pilot becomes a search document, and which pilots the index may hold.

Only published pilots that no curator has hidden are searchable; drafts and
hidden pilots never reach an index, so no query, however crafted, can
return them. A document is plain data: every backend indexes the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from registry.models import CatalogueEntry, CatalogueStatus, Project
from registry.search.plain_text import plain_text

PROJECT = "project"
# Catalogue entries can become a second kind of document with the same fields;
# for now a pilot carries `in_catalogue` when it was promoted into the catalogue.
CATALOGUE = "catalogue"

# The Dutch names of the themes, searchable as words ("klimaat" finds the
# theme Energie en klimaat). The site's translated labels need a request;
# the index must not depend on the language of whoever saved last.
THEME_WORDS = {
    "governance_services": "Bestuur en dienstverlening",
    "civil_affairs": "Burgerzaken",
    "safety_permits": "Veiligheid en vergunningen",
    "traffic_mobility": "Verkeer en mobiliteit",
    "economy": "Economie",
    "education": "Onderwijs",
    "sport_culture_recreation": "Sport, cultuur en recreatie",
    "social_domain": "Sociaal domein",
    "public_health_environment": "Volksgezondheid en milieu",
    "housing_living_environment": "Wonen en leefomgeving",
    "energy_climate": "Energie en klimaat",
    "taxes_finance": "Belastingen en financiën",
    "operations_ict": "Bedrijfsvoering en ICT",
}

LAYER_WORDS = {
    "interaction": "Interactie",
    "process": "Proces",
    "integration": "Integratie",
    "services": "Diensten",
    "data_sources": "Gegevensbronnen",
}


@dataclass
class SearchDocument:
    """One searchable thing, as plain values.

    `organisations` holds (code, name) of the owner first, then the partners.
    """

    kind: str
    object_id: int
    slug: str
    title: str
    summary: str
    body: str
    organisations: list[tuple[str, str]]
    province: str | None
    themes: list[str]
    tags: list[str]
    phase: str
    layer: str | None
    published_at: datetime | None
    score: float | None = None
    adopter_count: int = 0
    in_catalogue: bool = False
    extra_words: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return document_id(self.kind, self.object_id)

    @property
    def owner_name(self) -> str:
        return self.organisations[0][1] if self.organisations else ""

    @property
    def topic_text(self) -> str:
        """Themes, layer, tags and province as words people type."""
        words = [THEME_WORDS.get(code, code) for code in self.themes]
        if self.layer:
            words.append(LAYER_WORDS.get(self.layer, self.layer))
        words.extend(self.tags)
        words.extend(self.extra_words)
        if self.province:
            words.append(self.province)
        return " \n".join(words)


def document_id(kind: str, object_id: int) -> str:
    return f"{kind}:{object_id}"


def parse_document_id(doc_id: str) -> tuple[str, int]:
    kind, _, number = doc_id.partition(":")
    return kind, int(number)


def is_searchable(project: Project) -> bool:
    return project.is_public


def project_document(project: Project, in_catalogue: bool = False) -> SearchDocument | None:
    """The search document of a pilot, or None when it must not be found."""
    if not is_searchable(project):
        return None
    owner = project.owner
    organisations = [(owner.code, owner.name)] if owner is not None else []
    organisations += [(org.code, org.name) for org in project.partners]
    body = "\n\n".join(
        plain_text(text)
        for text in (project.problem, project.approach, project.results, project.lessons)
        if text
    )
    score = getattr(project, "score", None)
    return SearchDocument(
        kind=PROJECT,
        object_id=project.id,
        slug=project.slug,
        title=project.title,
        summary=plain_text(project.summary),
        body=body,
        organisations=organisations,
        province=owner.province if owner is not None else None,
        themes=list(project.themes),
        tags=list(project.tags),
        phase=project.phase,
        layer=project.common_ground_layer,
        published_at=project.published_at,
        score=float(score) if score is not None else None,
        adopter_count=int(getattr(project, "adopter_count", None) or 0),
        in_catalogue=in_catalogue,
    )


def _with_relations(statement: Select) -> Select:
    return statement.options(
        selectinload(Project.owner),
        selectinload(Project.partners),
        selectinload(Project.theme_rows),
        selectinload(Project.tag_rows),
    )


def searchable_projects() -> Select:
    return _with_relations(select(Project).where(Project.is_public).order_by(Project.id))


def count_searchable(session: Session) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count(Project.id)).where(Project.is_public)) or 0


def promoted(session: Session, project_ids: Iterable[int]) -> set[int]:
    """Which of these pilots stand in the catalogue (an entry not withdrawn)."""
    ids = list(project_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(CatalogueEntry.origin_project_id).where(
                CatalogueEntry.origin_project_id.in_(ids),
                CatalogueEntry.status != CatalogueStatus.WITHDRAWN,
            )
        )
    )


def all_documents(session: Session, batch_size: int = 500) -> Iterator[SearchDocument]:
    """Every searchable document, read in batches so memory stays flat."""
    last_id = 0
    while True:
        batch = session.scalars(
            searchable_projects().where(Project.id > last_id).limit(batch_size)
        ).all()
        if not batch:
            return
        in_catalogue = promoted(session, (project.id for project in batch))
        for project in batch:
            document = project_document(project, project.id in in_catalogue)
            if document is not None:
                yield document
        last_id = batch[-1].id
        session.expunge_all()


def documents_for_projects(session: Session, ids: set[int]) -> dict[int, SearchDocument | None]:
    """The current document of each pilot; None for those that must leave the index."""
    found: dict[int, SearchDocument | None] = dict.fromkeys(ids)
    if not ids:
        return found
    projects = session.scalars(_with_relations(select(Project).where(Project.id.in_(ids)))).all()
    in_catalogue = promoted(session, ids)
    for project in projects:
        found[project.id] = project_document(project, project.id in in_catalogue)
    return found
