"""Comparing two to four pilots or standards side by side.

The choice comes from a shared address (`?p=pilot&s=standard`), so it can
say anything: unknown or draft pilots, the same one twice, one or ten. Each
problem becomes a message and the rest is compared; nothing is ever an
error page. Only public pilots take part (a draft is "not found", also for
its own people: a shared link must show everyone the same), and a standard
brings the figures of its origin pilot when that pilot is public.

Reading is bounded: at most `MAX_ASKED` names are looked at, in two
statements for the pilots and one for the standards, plus the reuse figures
of all of them together (`reuse_figures.of_projects`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from registry.extensions import db
from registry.models import CatalogueEntry, Project, limits
from registry.services import reuse_figures
from registry.translation import lazy_gettext as _l

MIN_ITEMS = 2
MAX_ITEMS = 4
# Names past this in one address are not even looked up.
MAX_ASKED = 10
PILOT = "pilot"
STANDARD = "standard"


@dataclass(frozen=True)
class Item:
    kind: str  # PILOT or STANDARD
    slug: str
    name: str
    project: Project | None  # the pilot itself, or the standard's public origin pilot
    entry: CatalogueEntry | None


@dataclass
class Comparison:
    items: list[Item]
    problems: list[object] = field(default_factory=list)  # messages for the reader
    figures: reuse_figures.Figures | None = None

    @property
    def complete(self) -> bool:
        return len(self.items) >= MIN_ITEMS

    @property
    def has_room(self) -> bool:
        return len(self.items) < MAX_ITEMS


def _shown(slug: str) -> str:
    return slug if len(slug) <= limits.SLUG else slug[: limits.SLUG] + "…"


def compare(pilot_slugs: list[str], standard_slugs: list[str]) -> Comparison:
    """The comparison the address asks for: pilots first, then standards, in the given order."""
    problems: list[object] = []
    asked = [(PILOT, s.strip()) for s in pilot_slugs] + [
        (STANDARD, s.strip()) for s in standard_slugs
    ]
    asked = [(kind, slug) for kind, slug in asked if slug]
    if len(asked) > MAX_ASKED:
        asked = asked[:MAX_ASKED]
    unique: list[tuple[str, str]] = []
    for key in asked:
        if key in unique:
            problems.append(
                _l(
                    "“%(slug)s” stond er twee keer in; hij staat er nu één keer.",
                    slug=_shown(key[1]),
                )
            )
        else:
            unique.append(key)

    pilots = _public_pilots([slug for kind, slug in unique if kind == PILOT])
    entries = _entries([slug for kind, slug in unique if kind == STANDARD])
    items: list[Item] = []
    for kind, slug in unique:
        if kind == PILOT:
            project = pilots.get(slug)
            if project is None:
                problems.append(
                    _l(
                        "Er is geen openbare pilot “%(slug)s”; hij is weggelaten.",
                        slug=_shown(slug),
                    )
                )
                continue
            items.append(Item(PILOT, slug, project.title, project, None))
        else:
            entry = entries.get(slug)
            if entry is None:
                problems.append(
                    _l("Er is geen standaard “%(slug)s”; hij is weggelaten.", slug=_shown(slug))
                )
                continue
            origin = entry.origin_project
            origin = origin if origin is not None and origin.is_public else None
            items.append(Item(STANDARD, slug, entry.name, origin, entry))
    if len(items) > MAX_ITEMS:
        problems.append(
            _l(
                "U kunt hoogstens %(max)d pilots of standaarden vergelijken; de eerste %(max)d "
                "staan hieronder.",
                max=MAX_ITEMS,
            )
        )
        items = items[:MAX_ITEMS]
    if len(items) < MIN_ITEMS:
        problems.append(_l("Kies minstens twee pilots of standaarden om te vergelijken."))
    projects = [item.project for item in items if item.project is not None]
    return Comparison(items, problems, reuse_figures.of_projects(projects) if items else None)


def _public_pilots(slugs: list[str]) -> dict[str, Project]:
    if not slugs:
        return {}
    return {
        p.slug: p
        for p in db.session.scalars(
            select(Project)
            .where(Project.slug.in_(slugs), Project.is_public)
            .options(joinedload(Project.owner), selectinload(Project.partners))
        )
    }


def _entries(slugs: list[str]) -> dict[str, CatalogueEntry]:
    if not slugs:
        return {}
    return {
        e.slug: e
        for e in db.session.scalars(
            select(CatalogueEntry)
            .where(CatalogueEntry.slug.in_(slugs))
            .options(
                joinedload(CatalogueEntry.maintainer),
                joinedload(CatalogueEntry.origin_project).joinedload(Project.owner),
            )
        )
    }


# --- Finding something to add ----------------------------------------------------------

CANDIDATES = 10


@dataclass(frozen=True)
class Candidate:
    kind: str
    slug: str
    name: str


def candidates(text: str) -> list[Candidate]:
    """Public pilots and standards whose name holds every word of `text`, a few of each."""
    words = text.strip().lower().split()[:5]
    if not words:
        return []
    pilots = db.session.execute(
        select(Project.slug, Project.title)
        .where(
            Project.is_public,
            *(func.lower(Project.title).contains(w, autoescape=True) for w in words),
        )
        .order_by(Project.title, Project.id)
        .limit(CANDIDATES)
    )
    entries = db.session.execute(
        select(CatalogueEntry.slug, CatalogueEntry.name)
        .where(*(func.lower(CatalogueEntry.name).contains(w, autoescape=True) for w in words))
        .order_by(CatalogueEntry.name, CatalogueEntry.id)
        .limit(CANDIDATES)
    )
    return [Candidate(PILOT, slug, title) for slug, title in pilots] + [
        Candidate(STANDARD, slug, name) for slug, name in entries
    ]
