"""Organisations: the directory by province and the pilots of one organisation."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import joinedload

from registry.extensions import db
from registry.models import Organisation, Project, User, project_partner
from registry.models.organisation import TOOI_MUNICIPALITY
from registry.search import synonyms
from registry.services import freshness, permissions, projects
from registry.services.errors import NotFound
from registry.translation import lazy_gettext as _l


@dataclass(frozen=True)
class DirectoryEntry:
    """One organisation in the directory, with its public pilot counts."""

    organisation: Organisation
    owned: int
    partnered: int


@dataclass(frozen=True)
class ProvinceGroup:
    province: str | None  # None: organisations that work nationally, such as VNG
    entries: list[DirectoryEntry]


@dataclass
class OrganisationPilots:
    owned: list[Project] = field(default_factory=list)
    partnered: list[Project] = field(default_factory=list)


def fold(text: str) -> str:
    """Lower case without accents, so `sudwest` finds `Súdwest-Fryslân`."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def directory_query(
    province: str = "", include_inactive: bool = False
) -> Select[Organisation, int, int]:
    """Organisations with their public pilot counts as owner and as partner, in one query."""
    owned = (
        select(Project.owner_id.label("org_id"), func.count().label("n"))
        .where(Project.is_public)
        .group_by(Project.owner_id)
        .subquery()
    )
    partnered = (
        select(project_partner.c.organisation_id.label("org_id"), func.count().label("n"))
        .join(Project, Project.id == project_partner.c.project_id)
        .where(Project.is_public)
        .group_by(project_partner.c.organisation_id)
        .subquery()
    )
    query = (
        select(
            Organisation,
            func.coalesce(owned.c.n, 0),
            func.coalesce(partnered.c.n, 0),
        )
        .outerjoin(owned, owned.c.org_id == Organisation.id)
        .outerjoin(partnered, partnered.c.org_id == Organisation.id)
        .order_by(Organisation.name, Organisation.code)
    )
    if province:
        query = query.where(Organisation.province == province)
    if not include_inactive:
        query = query.where(Organisation.active.is_(True))
    return query


def directory(
    q: str = "", province: str = "", include_inactive: bool = False
) -> list[DirectoryEntry]:
    """The organisations matching a search on name or code, accents and case ignored.

    The text match runs in Python: there are a few hundred organisations at
    most, and neither SQLite nor a default PostgreSQL can ignore accents. The
    pilot counts read every public pilot, so they are kept until the register
    changes (`pilot_counts`).
    """
    query = select(Organisation).order_by(Organisation.name, Organisation.code)
    if province:
        query = query.where(Organisation.province == province)
    if not include_inactive:
        query = query.where(Organisation.active.is_(True))
    counts = pilot_counts()
    return [
        DirectoryEntry(org, *counts.get(org.id, (0, 0)))
        for org in db.session.scalars(query)
        if matches(org, q)
    ]


def pilot_counts() -> dict[int, tuple[int, int]]:
    """Public pilots per organisation id, as (owner, partner); kept until the register changes."""

    def count() -> dict[int, tuple[int, int]]:
        return {
            org.id: (owned, partnered)
            for org, owned, partnered in db.session.execute(directory_query(include_inactive=True))
            if owned or partnered
        }

    return freshness.cached("organisation pilot counts", count)


def matches(organisation: Organisation, q: str) -> bool:
    """Whether a search on name, code or a common or former name finds the organisation.

    An empty search finds all; "Den Haag" finds 's-Gravenhage.
    """
    needle = fold(q.strip())
    return (
        not needle
        or needle in fold(organisation.name)
        or needle in fold(organisation.code)
        or any(needle in fold(alias) for alias in synonyms.aliases_of(organisation.code))
    )


def by_province(entries: Iterable[DirectoryEntry]) -> list[ProvinceGroup]:
    """Entries grouped under their province, provinces alphabetically, national bodies last."""
    groups: dict[str | None, list[DirectoryEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.organisation.province or None, []).append(entry)
    order = sorted(groups, key=lambda p: (p is None, fold(p or "")))
    return [ProvinceGroup(p, groups[p]) for p in order]


def provinces() -> list[str]:
    names = db.session.scalars(
        select(Organisation.province).where(Organisation.province.is_not(None)).distinct()
    )
    return sorted((n for n in names if n), key=fold)


def get_by_code(code: str) -> Organisation:
    # Its mail domains load when asked for: only the administrators' page shows them.
    org = db.session.scalar(_by_code(), {"code": code, "upper": code.upper()})
    if org is None:
        raise NotFound(_l("Deze organisatie bestaat niet."))
    return org


@cache  # built once: building a statement costs more than running it on one key
def _by_code() -> Select[Organisation]:
    """The organisation by its code as written (`gm0344`) or in capitals (`GM0344`)."""
    return select(Organisation).where(
        Organisation.code.in_([bindparam("code"), bindparam("upper")])
    )


def get_by_identifier(identifier: str) -> Organisation:
    """An organisation by its code (`GM0344`, `gm0344`) or its TOOI identifier."""
    if identifier.lower().startswith(TOOI_MUNICIPALITY):
        identifier = identifier[len(TOOI_MUNICIPALITY) :]
    if not identifier or len(identifier) > 20:
        raise NotFound(_l("Deze organisatie bestaat niet."))
    return get_by_code(identifier)


_NEWEST_FIRST = (
    Project.published_at.desc().nulls_first(),
    Project.created_at.desc(),
    Project.id.desc(),
)


def _owned(org: Organisation | BindParameter[int], viewer: User | None) -> Select[Project]:
    key = org if isinstance(org, BindParameter) else org.id
    return (
        select(Project)
        .where(Project.owner_id == key, permissions.viewable_projects(viewer))
        .order_by(*_NEWEST_FIRST)
    )


def _partnered(org: Organisation | BindParameter[int], viewer: User | None) -> Select[Project]:
    key = org if isinstance(org, BindParameter) else org.id
    return (
        select(Project)
        .join(project_partner, project_partner.c.project_id == Project.id)
        .where(project_partner.c.organisation_id == key, permissions.viewable_projects(viewer))
        .order_by(*_NEWEST_FIRST)
    )


def owned_query(org: Organisation | BindParameter[int], viewer: User | None) -> Select[Project]:
    """The organisation's own pilots that `viewer` may see, newest first, as cards.

    For a statement built once, `org` is a parameter for the organisation's id.
    """
    return _owned(org, viewer).options(*projects.card_options())


def partnered_query(org: Organisation, viewer: User | None) -> Select[Project]:
    """The pilots the organisation is a partner in that `viewer` may see, newest first."""
    return _partnered(org, viewer).options(*projects.card_options())


def public_partnered_order(org: Organisation) -> list[int]:
    """The keys of the public pilots the organisation is a partner in, newest first.

    No index gives that order (it is the pilots', found through the partners),
    so it is kept until the register changes: a page of the list then reads its
    own pilots only (`projects.cards_by_keys_query`), however many there are.
    """
    return freshness.cached(
        ("partnered order", org.id),
        lambda: list(db.session.scalars(_partnered_order_query(), {"organisation_id": org.id})),
    )


@cache  # built once: building a statement costs more than running it on one key
def _partnered_order_query() -> Select[int]:
    query = _partnered(bindparam("organisation_id"), None)
    return query.with_only_columns(Project.id, maintain_column_froms=True)


def pilots_of(org: Organisation, viewer: User | None) -> OrganisationPilots:
    """All of the organisation's pilots as owner and as partner that `viewer` may see.

    Drafts and hidden pilots are candidates too; `permissions.viewable_projects`
    (the SQL form of `can_view_project`) decides. The page reads the same
    queries a page at a time, as cards; this whole form serves the API.
    """
    loading = (joinedload(Project.owner), projects.themes_in_one_column())
    return OrganisationPilots(
        owned=list(db.session.scalars(_owned(org, viewer).options(*loading))),
        partnered=list(db.session.scalars(_partnered(org, viewer).options(*loading))),
    )
