"""Adoptions: an organisation states that it reuses a pilot, and what it took.

One current adoption per organisation per pilot: declaring again updates it,
and the events keep every earlier status. The pilot's stored adopter count is
refreshed in the same transaction.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import cast

from sqlalchemy import BindParameter, Select, Table, bindparam, case, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager, joinedload, load_only
from sqlalchemy.orm.interfaces import LoaderOption

from registry.extensions import db
from registry.models import Adoption, AdoptionStatus, Organisation, Project, User, utcnow
from registry.models.organisation import NAMING_COLUMNS
from registry.services import (
    catalogue,
    events,
    freshness,
    notification_matrix,
    permissions,
    scores,
)
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l

STATUSES: tuple[str, ...] = tuple(AdoptionStatus)
# Anything above these is a typo, not an effort report.
EFFORT_LIMITS = {"hours": 100_000, "cost_euros": 100_000_000, "months": 240}
MAX_TEXT = 2000


def thousands(number: int) -> str:
    """100000000 as 100.000.000, the way the limits are written in Dutch."""
    return format(number, ",").replace(",", ".")


@dataclass
class AdoptionData:
    status: str
    hours: int | None = None
    cost_euros: int | None = None
    months: int | None = None
    prerequisites: str = ""
    notes: str = ""


@dataclass(frozen=True)
class EffortSummary:
    """Medians over the `in_use` reports that give a figure, with how many gave one."""

    hours: float | None
    hours_reports: int
    cost_euros: float | None
    cost_reports: int
    months: float | None
    months_reports: int

    @property
    def any(self) -> bool:
        return bool(self.hours_reports or self.cost_reports or self.months_reports)


def median_effort(adoptions: Iterable[Adoption]) -> EffortSummary:
    in_use = [a for a in adoptions if a.status == AdoptionStatus.IN_USE]

    def median(name: str) -> tuple[float | None, int]:
        values = [getattr(a, name) for a in in_use if getattr(a, name) is not None]
        return (statistics.median(values) if values else None), len(values)

    return EffortSummary(*median("hours"), *median("cost_euros"), *median("months"))


@cache  # options are immutable: built once, not for every page
def _with_organisation() -> tuple[LoaderOption, ...]:
    # Of the organisation, what names and links to it.
    return (joinedload(Adoption.organisation).load_only(*NAMING_COLUMNS),)


def of_project(project: Project) -> list[Adoption]:
    return list(db.session.scalars(_of_project(), {"project_id": project.id}))


@cache  # built once: building a statement costs more than running it on one key
def _of_project() -> Select[Adoption]:
    return (
        select(Adoption)
        .where(Adoption.project_id == bindparam("project_id"))
        .options(*_with_organisation())
        .join(Adoption.organisation)
        .order_by(Organisation.name)
    )


def of_organisation(organisation: Organisation) -> list[Adoption]:
    """What an organisation reuses, among the pilots everyone may see."""
    return list(db.session.scalars(of_organisation_query(organisation)))


def of_organisation_query(
    organisation: Organisation | BindParameter[int], status_order: Sequence[str] = ()
) -> Select[Adoption]:
    """`of_organisation` as a query, by status in `status_order` first, then by title.

    The pilot comes with its slug and title only: a list of adoptions never
    reads the pilots' long texts. For a statement built once, `organisation`
    is a parameter for its id.
    """
    key = organisation if isinstance(organisation, BindParameter) else organisation.id
    query = (
        select(Adoption)
        .join(Adoption.project)
        .where(Adoption.organisation_id == key, Project.is_public)
        .options(
            contains_eager(Adoption.project).load_only(Project.slug, Project.title, raiseload=True)
        )
    )
    if status_order:
        rank = case({s: n for n, s in enumerate(status_order)}, value=Adoption.status, else_=99)
        query = query.order_by(rank)
    return query.order_by(Project.title, Adoption.id)


def public_order_of(organisation: Organisation, status_order: Sequence[str]) -> list[int]:
    """The keys of the organisation's adoptions of public pilots, in the order of
    `of_organisation_query` (by status, then by title).

    No index gives that order, so it is kept until the register changes: a page
    of the list then reads its own rows only (`by_keys_query`), however many
    pilots the organisation reuses.
    """
    return freshness.cached(
        ("adoption order", organisation.id, tuple(status_order)),
        lambda: list(
            db.session.scalars(
                _order_query(tuple(status_order)), {"organisation_id": organisation.id}
            )
        ),
    )


@lru_cache(maxsize=4)  # built once per order: building it costs more than running it
def _order_query(status_order: tuple[str, ...]) -> Select[int]:
    query = of_organisation_query(bindparam("organisation_id"), status_order)
    return query.with_only_columns(Adoption.id, maintain_column_froms=True)


@cache
def by_keys_query() -> Select[Adoption]:
    """Adoptions by the parameter `keys`, as a list shows them: status and date, and the
    pilot's title and address (their notes and effort stay unread)."""
    return (
        select(Adoption)
        .join(Adoption.project)
        .where(Adoption.id.in_(bindparam("keys", expanding=True)))
        .options(
            load_only(Adoption.status, Adoption.updated_at, Adoption.project_id, raiseload=True),
            contains_eager(Adoption.project).load_only(Project.slug, Project.title, raiseload=True),
        )
    )


def current(project: Project, organisation_id: int | None) -> Adoption | None:
    if organisation_id is None:
        return None
    return db.session.scalar(
        select(Adoption).where(
            Adoption.project_id == project.id, Adoption.organisation_id == organisation_id
        )
    )


def check(data: AdoptionData) -> AdoptionData:
    if data.status not in STATUSES:
        raise Invalid(_l("Kies een van de mogelijkheden."), field="status")
    for name, limit in EFFORT_LIMITS.items():
        value = getattr(data, name)
        if value is None:
            continue
        if type(value) is not int:
            raise Invalid(_l("Vul een heel getal in."), field=name)
        if value < 0:
            raise Invalid(_l("Vul een getal van 0 of meer in."), field=name)
        if value > limit:
            raise Invalid(
                _l(
                    "Dat is meer dan %(max)s; controleer het getal.",
                    max=thousands(limit),
                ),
                field=name,
            )
    for name in ("prerequisites", "notes"):
        text = (getattr(data, name) or "").strip()
        if len(text) > MAX_TEXT:
            raise Invalid(_l("Gebruik hoogstens %(n)d tekens.", n=MAX_TEXT), field=name)
        setattr(data, name, text)
    return data


def declare(
    project: Project,
    user: User | None,
    data: AdoptionData,
    *,
    prior: scores.Prior | None = None,
    at: datetime | None = None,
) -> Adoption:
    """Set the user's organisation's adoption of the pilot; the owners cannot adopt their own."""
    permissions.require(permissions.can_adopt(user, project))
    assert user is not None  # can_adopt lets only signed-in users through
    data = check(data)
    now = at or utcnow()

    db.session.flush()
    scores.lock(project)
    before = current(project, user.organisation_id)
    previous = before.status if before else None
    table = cast(Table, Adoption.__table__)
    values = {
        "status": data.status,
        "hours": data.hours,
        "cost_euros": data.cost_euros,
        "months": data.months,
        "prerequisites": data.prerequisites,
        "notes": data.notes,
        "updated_by_id": user.id,
        "updated_at": now,
    }
    dialect = db.session.get_bind().dialect.name
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table).values(
        project_id=project.id, organisation_id=user.organisation_id, created_at=now, **values
    )
    upsert = stmt.on_conflict_do_update(
        index_elements=[table.c.project_id, table.c.organisation_id],
        set_={name: stmt.excluded[name] for name in values},
    ).returning(table.c.id)
    adoption_id = db.session.execute(upsert).scalar_one()
    scores.refresh(project, prior=prior, at=now)
    catalogue.refresh_adopter_count(project.id)
    event = events.record(
        user,
        "adopted",
        project,
        organisation=user.organisation.code if user.organisation else None,
        **{"from": previous, "to": data.status},
        hours=data.hours,
        cost_euros=data.cost_euros,
        months=data.months,
    )
    event.created_at = now
    if previous != data.status:
        notification_matrix.pilot_adopted(project, user, data.status)
    db.session.flush()
    return db.session.scalars(
        select(Adoption).where(Adoption.id == adoption_id).execution_options(populate_existing=True)
    ).one()
