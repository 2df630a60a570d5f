"""The standard catalogue: entries created by accepted nominations, and their lifecycle.

Entries are maintained by curators. An entry's adopters are the
municipalities that report its origin pilot "in use"; the list counts them
in one grouped query, so the page costs the same for 5 entries or 500.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import cast

from sqlalchemy import (
    BindParameter,
    Integer,
    ScalarSelect,
    Select,
    Table,
    and_,
    bindparam,
    distinct,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy import update as update_rows
from sqlalchemy.orm import joinedload, selectinload, with_expression
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.interfaces import LoaderOption

from registry.extensions import db
from registry.models import (
    Adoption,
    AdoptionStatus,
    CatalogueEntry,
    CatalogueEntryTheme,
    CatalogueStatus,
    Nomination,
    Organisation,
    Project,
    User,
    utcnow,
)
from registry.models.project import joined_strings
from registry.models.vocab import THEMES, CommonGroundLayer, OrgKind
from registry.services import events, notification_matrix, permissions, scores, slugs
from registry.services.errors import Conflict, Invalid, NotFound
from registry.services.keys_first import windowed_by_keys
from registry.services.projects import LICENCES
from registry.translation import lazy_gettext as _l

MAX_NAME = 200
MAX_DESCRIPTION = 20_000
MAX_VERSION = 40
MIN_REASON = 10
MAX_REASON = 2000

# Forward only: a withdrawn standard stays withdrawn; its record remains public.
TRANSITIONS: dict[str, frozenset[str]] = {
    CatalogueStatus.ACTIVE: frozenset({CatalogueStatus.DEPRECATED, CatalogueStatus.WITHDRAWN}),
    CatalogueStatus.DEPRECATED: frozenset({CatalogueStatus.WITHDRAWN}),
    CatalogueStatus.WITHDRAWN: frozenset(),
}

CHANGED_ELSEWHERE = _l(
    "Iemand anders heeft deze standaard intussen gewijzigd. Bekijk de nieuwe versie."
)


@dataclass
class EntryData:
    """What a curator fills in about a standard, as plain values."""

    name: str
    description: str = ""
    maintainer: str = ""  # organisation code
    version: str = "1.0"
    standard_since: date | None = None
    common_ground_layer: str | None = None
    themes: list[str] = field(default_factory=list)
    licence: str = ""  # SPDX identifier from projects.LICENCES, or empty


EDITABLE = ("name", "description", "version", "standard_since", "common_ground_layer", "licence")


# --- Reading -------------------------------------------------------------------------


def get(slug: str) -> CatalogueEntry:
    entry = db.session.scalar(
        select(CatalogueEntry)
        .where(CatalogueEntry.slug == slug)
        .options(
            joinedload(CatalogueEntry.maintainer),
            joinedload(CatalogueEntry.origin_project),
            joinedload(CatalogueEntry.nomination).joinedload(Nomination.curator),
            joinedload(CatalogueEntry.successor),
            selectinload(CatalogueEntry.theme_rows),
        )
    )
    if entry is None:
        raise NotFound()
    return entry


def for_project(project: Project) -> CatalogueEntry | None:
    """The entry a pilot was promoted into, if any."""
    return db.session.scalar(_entry_of_project(), {"project_id": project.id})


@cache  # built once: building a statement costs more than running it on one key
def _entry_of_project() -> Select[CatalogueEntry]:
    return select(CatalogueEntry).where(CatalogueEntry.origin_project_id == bindparam("project_id"))


def predecessors(entry: CatalogueEntry) -> list[CatalogueEntry]:
    """Entries that name this one as their successor."""
    return list(
        db.session.scalars(
            select(CatalogueEntry)
            .where(CatalogueEntry.successor_id == entry.id)
            .order_by(CatalogueEntry.name)
        )
    )


@dataclass
class Filters:
    theme: str | None = None
    layer: str | None = None
    status: str | None = None
    sort: str = "adopters"
    # A search: the words every entry's name or description must contain, and
    # the origin pilots the search engine found for them (either is enough).
    words: tuple[str, ...] = ()
    found_projects: tuple[int, ...] | None = None


def _adopting_municipalities() -> ScalarSelect[int]:
    """Per entry: the municipalities that report its origin pilot in use.

    Correlated to the entry, so it counts the adoptions of the catalogue's
    pilots only (through the index on adoption.project_id), not of every pilot.
    """
    return (
        select(func.count(distinct(Adoption.organisation_id)))
        .join(Organisation, Organisation.id == Adoption.organisation_id)
        .where(
            Adoption.project_id == CatalogueEntry.origin_project_id,
            Adoption.status == AdoptionStatus.IN_USE,
            Organisation.kind == OrgKind.MUNICIPALITY,
        )
        .correlate(CatalogueEntry)
        .scalar_subquery()
    )


def refresh_adopter_count(project_id: int | None = None) -> None:
    """Store the adopting municipalities on the entry that grew from `project_id`
    (on every entry when None), so the catalogue sorts by them through an index.

    A Core UPDATE: the count is not a curator's edit, so the entry's revision
    (which guards the edit form) stays as it is.
    """
    table = cast(Table, CatalogueEntry.__table__)
    query = update_rows(table).values(adopter_count=func.coalesce(_adopting_municipalities(), 0))
    if project_id is not None:
        query = query.where(table.c.origin_project_id == project_id)
    db.session.execute(query, execution_options={"synchronize_session": False})
    for entry in db.session.identity_map.values():
        if isinstance(entry, CatalogueEntry):
            db.session.expire(entry, ["adopter_count"])


def listing_query(filters: Filters | None = None) -> Select[CatalogueEntry]:
    """Entries matching `filters`, in the chosen order, with what a list card shows loaded."""
    filters = filters or Filters()
    query = _listing(
        filters.theme or None, filters.layer or None, filters.status or None, filters.sort
    )
    if filters.found_projects is not None:
        named = [
            or_(
                func.lower(CatalogueEntry.name).contains(word.lower(), autoescape=True),
                func.lower(CatalogueEntry.description).contains(word.lower(), autoescape=True),
            )
            for word in filters.words
        ]
        found = CatalogueEntry.origin_project_id.in_(filters.found_projects)
        query = query.where(or_(found, and_(*named)) if named else found)
    return query


def listing_window(filters: Filters) -> tuple[Select[CatalogueEntry], dict[str, str]]:
    """For a list without a search: `listing_query` read by its keys first, a statement
    built once per combination of filters and order, and the values of its parameters
    (see `keys_first.windowed_by_keys` for the window's)."""
    chosen = {"theme": filters.theme, "layer": filters.layer, "status": filters.status}
    parameters = {name: value for name, value in chosen.items() if value}
    return _listing_window(*(name in parameters for name in chosen), filters.sort), parameters


@lru_cache(maxsize=64)
def _listing_window(theme: bool, layer: bool, status: bool, sort: str) -> Select[CatalogueEntry]:
    return windowed_by_keys(
        _listing(
            bindparam("theme") if theme else None,
            bindparam("layer") if layer else None,
            bindparam("status") if status else None,
            sort,
        )
    )


# A filter's value, or the parameter that will carry it; None: not filtered.
Chosen = str | BindParameter[str] | None


def _listing(theme: Chosen, layer: Chosen, status: Chosen, sort: str) -> Select[CatalogueEntry]:
    query = select(CatalogueEntry)
    if theme is not None:
        query = query.where(
            exists().where(
                CatalogueEntryTheme.entry_id == CatalogueEntry.id,
                CatalogueEntryTheme.theme == theme,
            )
        )
    if layer is not None:
        query = query.where(CatalogueEntry.common_ground_layer == layer)
    if status is not None:
        query = query.where(CatalogueEntry.status == status)
    orders = {
        "adopters": (CatalogueEntry.adopter_count.desc(), CatalogueEntry.name, CatalogueEntry.id),
        "newest": (CatalogueEntry.standard_since.desc(), CatalogueEntry.id.desc()),
        "oldest": (CatalogueEntry.standard_since, CatalogueEntry.id),
        "name": (CatalogueEntry.name, CatalogueEntry.id),
    }
    return query.options(*_card_options()).order_by(*orders.get(sort, orders["adopters"]))


@cache  # options are immutable: built once, not for every list
def _card_options() -> tuple[LoaderOption, ...]:
    """An entry's maintainer, and its themes in a column of its own row."""
    return (
        joinedload(CatalogueEntry.maintainer),
        with_expression(
            CatalogueEntry.theme_list,
            joined_strings(
                CatalogueEntryTheme.theme, CatalogueEntryTheme.entry_id == CatalogueEntry.id
            ),
        ),
    )


SORTS = ("adopters", "newest", "oldest", "name")


def adopters_by_entry(entries: Sequence[CatalogueEntry]) -> dict[int, list[Organisation]]:
    """The adopting municipalities of each entry, by entry id, in one query."""
    by_project = {e.origin_project_id: e.id for e in entries if e.origin_project_id}
    result: dict[int, list[Organisation]] = {e.id: [] for e in entries}
    if not by_project:
        return result
    rows = db.session.execute(
        select(Adoption.project_id, Organisation)
        .join(Organisation, Organisation.id == Adoption.organisation_id)
        .where(
            Adoption.project_id.in_(by_project),
            Adoption.status == AdoptionStatus.IN_USE,
            Organisation.kind == OrgKind.MUNICIPALITY,
        )
        .order_by(Organisation.name)
    )
    for project_id, organisation in rows:
        result[by_project[project_id]].append(organisation)
    return result


@dataclass(frozen=True)
class AdopterName:
    code: str
    name: str


@dataclass(frozen=True)
class AdopterSummary:
    """The first adopting municipalities of an entry by name, and how many there are."""

    first: list[AdopterName]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.first)


def adopter_summaries(entries: Sequence[CatalogueEntry], shown: int) -> dict[int, AdopterSummary]:
    """For a list of entries: each one's first `shown` adopters and their number, in one
    query whose rows do not grow with the number of adopters."""
    by_project = {e.origin_project_id: e.id for e in entries if e.origin_project_id}
    found: dict[int, list[AdopterName]] = {e.id: [] for e in entries}
    totals: dict[int, int] = {e.id: 0 for e in entries}
    if by_project:
        rows = db.session.execute(
            _first_adopters(), {"project_ids": list(by_project), "shown": shown}
        )
        for project_id, total, code, name in rows:
            entry_id = by_project[project_id]
            found[entry_id].append(AdopterName(code, name))
            totals[entry_id] = total
    return {entry_id: AdopterSummary(found[entry_id], totals[entry_id]) for entry_id in found}


@cache  # built once: building it costs more than running it on a page of entries
def _first_adopters() -> Select[int, int, str, str]:
    ranked = (
        select(
            Adoption.project_id,
            Adoption.organisation_id,
            func.row_number()
            .over(partition_by=Adoption.project_id, order_by=(Organisation.name, Organisation.id))
            .label("position"),
            func.count().over(partition_by=Adoption.project_id).label("total"),
        )
        .join(Organisation, Organisation.id == Adoption.organisation_id)
        .where(
            Adoption.project_id.in_(bindparam("project_ids", expanding=True)),
            Adoption.status == AdoptionStatus.IN_USE,
            Organisation.kind == OrgKind.MUNICIPALITY,
        )
        .subquery()
    )
    # Names and codes only: a card links to each, and reads nothing else of them.
    return (
        select(ranked.c.project_id, ranked.c.total, Organisation.code, Organisation.name)
        .join(Organisation, Organisation.id == ranked.c.organisation_id)
        .where(ranked.c.position <= bindparam("shown", type_=Integer))
        .order_by(ranked.c.project_id, ranked.c.position)
    )


def adopters(entry: CatalogueEntry) -> list[Organisation]:
    return adopters_by_entry([entry])[entry.id]


def preparing(entry: CatalogueEntry) -> list[Organisation]:
    """Organisations preparing to adopt the origin pilot: the next users."""
    if not entry.origin_project_id:
        return []
    return list(
        db.session.scalars(
            select(Organisation)
            .join(Adoption, Adoption.organisation_id == Organisation.id)
            .where(
                Adoption.project_id == entry.origin_project_id,
                Adoption.status == AdoptionStatus.PREPARING,
            )
            .order_by(Organisation.name)
        )
    )


def maintainer_candidates() -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.active.is_(True)).order_by(Organisation.name)
        )
    )


def successor_candidates(entry: CatalogueEntry) -> list[CatalogueEntry]:
    return list(
        db.session.scalars(
            select(CatalogueEntry)
            .where(CatalogueEntry.id != entry.id, CatalogueEntry.status == CatalogueStatus.ACTIVE)
            .order_by(CatalogueEntry.name)
        )
    )


# --- Writing -------------------------------------------------------------------------


def prefill(project: Project, today: date) -> EntryData:
    """A new entry as the pilot describes itself; the curator edits it before accepting."""
    description = "\n\n".join(part for part in (project.summary, project.approach) if part)
    return EntryData(
        name=project.title,
        description=description[:MAX_DESCRIPTION],
        maintainer=project.owner.code,
        version="1.0",
        standard_since=today,
        common_ground_layer=project.common_ground_layer,
        themes=list(project.themes),
        licence=project.licence if project.licence in LICENCES else "",
    )


def create_from_nomination(
    nomination: Nomination, user: User | None, data: EntryData | None, today: date
) -> CatalogueEntry:
    """The entry an accepted nomination creates, prefilled from the pilot where not given."""
    permissions.require_logged(
        permissions.can_manage_catalogue(user), user, "catalogue.create", nomination
    )
    project = nomination.project
    data = data or prefill(project, today)
    if data.standard_since is None:
        data.standard_since = today
    maintainer = check_entry(data)
    entry = CatalogueEntry(
        slug=slugs.unique_slug(project.slug, CatalogueEntry.slug, fallback="standaard"),
        origin_project=project,
        nomination=nomination,
        maintainer=maintainer,
        status=CatalogueStatus.ACTIVE,
    )
    _apply(entry, data)
    db.session.add(entry)
    db.session.flush()
    # Taken as an adoption takes it: an adoption of the pilot at this moment either
    # commits before the count is read, or waits and then counts on the new entry.
    scores.lock(project)
    refresh_adopter_count(project.id)
    events.record(user, "catalogue_entry_created", entry, nomination_id=nomination.id)
    return entry


def update(
    entry: CatalogueEntry, user: User | None, data: EntryData, revision: int | None
) -> list[str]:
    """Save a curator's edit made from `revision`; the names of the fields that changed."""
    permissions.require_logged(
        permissions.can_manage_catalogue(user), user, "catalogue.edit", entry
    )
    if revision is not None and revision != entry.revision:
        raise Conflict(CHANGED_ELSEWHERE)
    maintainer = check_entry(data)
    changed = [name for name in EDITABLE if getattr(entry, name) != getattr(data, name)]
    if entry.maintainer_id != maintainer.id:
        changed.append("maintainer")
    if sorted(entry.themes) != sorted(data.themes):
        changed.append("themes")
    if not changed:
        return []
    entry.maintainer = maintainer
    _apply(entry, data)
    entry.updated_at = utcnow()
    _flush_or_conflict()
    events.record(user, "catalogue_entry_edited", entry, fields=changed)
    return changed


def change_status(
    entry: CatalogueEntry,
    user: User | None,
    status: str,
    reason: str,
    successor_slug: str | None = None,
    revision: int | None = None,
) -> CatalogueEntry:
    """Move an entry along its lifecycle with a public reason; a successor when deprecating."""
    permissions.require_logged(
        permissions.can_manage_catalogue(user), user, "catalogue.status", entry
    )
    if revision is not None and revision != entry.revision:
        raise Conflict(CHANGED_ELSEWHERE)
    if status not in TRANSITIONS.get(entry.status, frozenset()):
        raise Invalid(_l("Deze standaard kan niet naar die status."), field="status")
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise Invalid(
            _l("Licht de wijziging toe in minstens %(min)s tekens.", min=MIN_REASON),
            field="status_reason",
        )
    if len(reason) > MAX_REASON:
        raise Invalid(
            _l("De toelichting is te lang: hoogstens %(max)s tekens.", max=MAX_REASON),
            field="status_reason",
        )
    successor = None
    if successor_slug:
        if status != CatalogueStatus.DEPRECATED:
            raise Invalid(
                _l("Alleen een verouderde standaard heeft een opvolger."), field="successor"
            )
        successor = db.session.scalar(
            select(CatalogueEntry).where(CatalogueEntry.slug == successor_slug)
        )
        if successor is None or successor.id == entry.id or not successor.is_active:
            raise Invalid(_l("Kies een actieve andere standaard als opvolger."), field="successor")
    previous = entry.status
    entry.status = status
    entry.status_reason = reason
    entry.status_changed_at = utcnow()
    if successor is not None:
        entry.successor = successor
    _flush_or_conflict()
    events.record(
        user,
        "catalogue_status_changed",
        entry,
        previous=previous,
        status=status,
        reason=reason,
        successor=successor.slug if successor else None,
    )
    notification_matrix.catalogue_status_changed(entry, user, status)
    return entry


def _flush_or_conflict() -> None:
    try:
        db.session.flush()
    except StaleDataError as err:
        raise Conflict(CHANGED_ELSEWHERE) from err


def check_entry(data: EntryData) -> Organisation:
    """The rules on an entry's data, raised at the field they concern; returns the maintainer."""
    data.name = (data.name or "").strip()
    data.version = (data.version or "").strip()
    if not data.name:
        raise Invalid(_l("Vul een naam in."), field="name")
    if len(data.name) > MAX_NAME:
        raise Invalid(
            _l("De naam is te lang: hoogstens %(max)s tekens.", max=MAX_NAME), field="name"
        )
    if len(data.description or "") > MAX_DESCRIPTION:
        raise Invalid(
            _l("De beschrijving is te lang: hoogstens %(max)s tekens.", max=MAX_DESCRIPTION),
            field="description",
        )
    if not data.version:
        raise Invalid(_l("Vul een versie in, bijvoorbeeld 1.0."), field="version")
    if len(data.version) > MAX_VERSION:
        raise Invalid(
            _l("De versie is te lang: hoogstens %(max)s tekens.", max=MAX_VERSION), field="version"
        )
    if data.standard_since is None:
        raise Invalid(
            _l("Vul de datum in sinds wanneer dit een standaard is."), field="standard_since"
        )
    if data.common_ground_layer and data.common_ground_layer not in set(CommonGroundLayer):
        raise Invalid(_l("Kies een laag uit de lijst."), field="common_ground_layer")
    if any(theme not in THEMES for theme in data.themes):
        raise Invalid(_l("Kies thema's uit de lijst."), field="themes")
    data.licence = (data.licence or "").strip()
    if data.licence and data.licence not in LICENCES:
        raise Invalid(_l("Kies een licentie uit de lijst."), field="licence")
    maintainer = db.session.scalar(select(Organisation).where(Organisation.code == data.maintainer))
    if maintainer is None:
        raise Invalid(_l("Kies een beherende organisatie uit de lijst."), field="maintainer")
    return maintainer


def _apply(entry: CatalogueEntry, data: EntryData) -> None:
    entry.name = data.name
    entry.description = data.description or ""
    entry.version = data.version
    if data.standard_since is not None:  # _check demands it
        entry.standard_since = data.standard_since
    entry.common_ground_layer = data.common_ground_layer or None
    entry.licence = data.licence or ""
    wanted = sorted(set(data.themes))
    if entry.themes != wanted:
        entry.theme_rows = [CatalogueEntryTheme(theme=theme) for theme in wanted]
