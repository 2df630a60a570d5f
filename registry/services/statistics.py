"""The figures of the statistics page, each from one small aggregate query.

Every figure is a GROUP BY (or a handful of counts in one statement) over
the public pilots, so the page costs the same number of statements for 50
pilots or 50,000 and never loads rows one by one. Which ratings and
adoptions count follows `scores.outside_members`: an organisation that owns
or partners in a pilot is not "another organisation".

`figures()` returns everything as plain values; a `FiguresCache` (one per
app, from `cache_for`) keeps them for `STATISTICS_CACHE_SECONDS` (the page
says when they were counted).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, cast, distinct, exists, extract, func, select

from registry.extensions import db
from registry.models import (
    Adoption,
    AdoptionStatus,
    CatalogueEntry,
    CatalogueStatus,
    Nomination,
    Organisation,
    Project,
    ProjectTheme,
    Rating,
    utcnow,
)
from registry.models.vocab import OrgKind
from registry.services.readiness import READY_ADOPTION_STATUSES
from registry.services.scores import outside_members

# The funnel's second step: "rated by at least this many other organisations".
FUNNEL_MIN_RATING_ORGS = 3
TOP_STANDARDS = 10


@dataclass(frozen=True)
class Count:
    key: str  # a code (theme, phase), a name (province) or a year as text
    count: int


@dataclass(frozen=True)
class FunnelStep:
    key: str  # published, rated, adopted, nominated, catalogue
    count: int
    share: float | None  # of the published pilots, 0..1; None when none are published


@dataclass(frozen=True)
class YearGrowth:
    year: int
    added: int
    total: int  # running total up to and including this year


@dataclass(frozen=True)
class ReusedStandard:
    slug: str
    name: str
    municipalities: int


@dataclass(frozen=True)
class ProvinceAdoption:
    province: str
    municipalities: int  # active municipalities in the province
    adoptions: int  # pilots in use there, counted once per municipality and pilot

    @property
    def per_municipality(self) -> float | None:
        return self.adoptions / self.municipalities if self.municipalities else None


@dataclass(frozen=True)
class Figures:
    by_theme: list[Count]
    by_phase: list[Count]
    by_province: list[Count]
    by_year: list[Count]
    funnel: list[FunnelStep]
    catalogue_growth: list[YearGrowth]
    adoption_growth: list[YearGrowth]
    most_reused: list[ReusedStandard]
    provinces: list[ProvinceAdoption]
    computed_at: datetime


# --- The queries ------------------------------------------------------------------------


def _counts(rows: Any) -> list[Count]:
    return [Count(str(key), int(n)) for key, n in rows]


def pilots_by_theme() -> list[Count]:
    n = func.count(distinct(ProjectTheme.project_id))
    return _counts(
        db.session.execute(
            select(ProjectTheme.theme, n)
            .join(Project, Project.id == ProjectTheme.project_id)
            .where(Project.is_public)
            .group_by(ProjectTheme.theme)
            .order_by(n.desc(), ProjectTheme.theme)
        )
    )


def pilots_by_phase() -> list[Count]:
    return _counts(
        db.session.execute(
            select(Project.phase, func.count(Project.id))
            .where(Project.is_public)
            .group_by(Project.phase)
            .order_by(Project.phase)
        )
    )


def pilots_by_province() -> list[Count]:
    """By the owner's province; owners without one (VNG, a national body) as ""."""
    province = func.coalesce(Organisation.province, "")
    n = func.count(Project.id)
    return _counts(
        db.session.execute(
            select(province, n)
            .join(Organisation, Organisation.id == Project.owner_id)
            .where(Project.is_public)
            .group_by(province)
            .order_by(n.desc(), province)
        )
    )


def _year(column: Any) -> Any:
    return cast(extract("year", column), Integer)


def pilots_by_year() -> list[Count]:
    """By the year of publication."""
    year = _year(Project.published_at)
    return _counts(
        db.session.execute(
            select(year, func.count(Project.id))
            .where(Project.is_public, Project.published_at.is_not(None))
            .group_by(year)
            .order_by(year)
        )
    )


def funnel(min_rating_orgs: int = FUNNEL_MIN_RATING_ORGS) -> list[FunnelStep]:
    """Public pilots at each step from pilot to standard, in one statement.

    The steps are counted each on their own (a curator may accept a pilot
    that missed a step), as shares of the published pilots.
    """
    # Driven from the public pilots, each step a probe of that pilot's own rows (by
    # index), with its owner at hand for the outside rule: no join per rating or adoption.
    raters = (
        select(func.count(distinct(Rating.organisation_id)))
        .where(
            Rating.project_id == Project.id,
            outside_members(Rating.project_id, Rating.organisation_id),
        )
        .scalar_subquery()
    )
    adopted = exists().where(
        Adoption.project_id == Project.id,
        Adoption.status.in_(READY_ADOPTION_STATUSES),
        outside_members(Adoption.project_id, Adoption.organisation_id),
    )
    # Membership of a small set: PostgreSQL hashes it once instead of probing per pilot.
    nominated = Project.id.in_(select(Nomination.project_id))
    catalogued = Project.id.in_(
        select(CatalogueEntry.origin_project_id).where(
            CatalogueEntry.origin_project_id.is_not(None)
        )
    )

    def number_of(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        select(
            func.count(Project.id),
            number_of(raters >= min_rating_orgs),
            number_of(adopted),
            number_of(nominated),
            number_of(catalogued),
        ).where(Project.is_public)
    ).one()
    published = int(row[0])
    keys = ("published", "rated", "adopted", "nominated", "catalogue")
    return [
        FunnelStep(key, int(n), (int(n) / published) if published else None)
        for key, n in zip(keys, row, strict=True)
    ]


def _growth(rows: Any) -> list[YearGrowth]:
    result: list[YearGrowth] = []
    total = 0
    for year, added in rows:
        total += int(added)
        result.append(YearGrowth(int(year), int(added), total))
    return result


def catalogue_growth() -> list[YearGrowth]:
    """Standards per year they became one (withdrawn ones too: they were standards)."""
    year = _year(CatalogueEntry.standard_since)
    return _growth(
        db.session.execute(
            select(year, func.count(CatalogueEntry.id)).group_by(year).order_by(year)
        )
    )


def _counting_adoptions() -> Any:
    """Adoptions that count: a municipality outside a public pilot reports it in use."""
    return (
        select(Adoption.organisation_id, Adoption.project_id, Adoption.created_at)
        .join(Project, Project.id == Adoption.project_id)
        .join(Organisation, Organisation.id == Adoption.organisation_id)
        .where(
            Project.is_public,
            Adoption.status == AdoptionStatus.IN_USE,
            Organisation.kind == OrgKind.MUNICIPALITY,
            outside_members(Adoption.project_id, Adoption.organisation_id),
        )
    )


# (organisation id, year first reported, adoptions): one scan of the adoptions that count
# gives both the growth per year and the figures per province.
CountedAdoptions = list[tuple[int, int, int]]


def counted_adoptions() -> CountedAdoptions:
    counted = _counting_adoptions().subquery()
    year = _year(counted.c.created_at)
    rows = db.session.execute(
        select(counted.c.organisation_id, year, func.count()).group_by(
            counted.c.organisation_id, year
        )
    )
    return [(int(org), int(when), int(n)) for org, when, n in rows]


def adoption_growth(counted: CountedAdoptions | None = None) -> list[YearGrowth]:
    """Pilots in use by other municipalities, per year they first reported it."""
    per_year: Counter[int] = Counter()
    for _org, year, n in counted if counted is not None else counted_adoptions():
        per_year[year] += n
    return _growth(sorted(per_year.items()))


def most_reused(limit: int = TOP_STANDARDS) -> list[ReusedStandard]:
    """Standards still in the catalogue with the most municipalities using them."""
    n = func.count(distinct(Adoption.organisation_id))
    rows = db.session.execute(
        select(CatalogueEntry.slug, CatalogueEntry.name, n)
        .join(Adoption, Adoption.project_id == CatalogueEntry.origin_project_id)
        .join(Organisation, Organisation.id == Adoption.organisation_id)
        .where(
            CatalogueEntry.status != CatalogueStatus.WITHDRAWN,
            Adoption.status == AdoptionStatus.IN_USE,
            Organisation.kind == OrgKind.MUNICIPALITY,
        )
        .group_by(CatalogueEntry.id, CatalogueEntry.slug, CatalogueEntry.name)
        .order_by(n.desc(), CatalogueEntry.name)
        .limit(limit)
    )
    return [ReusedStandard(slug, name, int(count)) for slug, name, count in rows]


def adoptions_by_province(counted: CountedAdoptions | None = None) -> list[ProvinceAdoption]:
    """Per province: its active municipalities and the adoptions that count there."""
    province_of: dict[int, str] = {
        org: str(province)
        for org, province in db.session.execute(
            select(Organisation.id, Organisation.province).where(
                Organisation.kind == OrgKind.MUNICIPALITY,
                Organisation.active.is_(True),
                Organisation.province.is_not(None),
            )
        )
    }
    municipalities = Counter(province_of.values())
    adoptions: Counter[str] = Counter()
    for org, _year, n in counted if counted is not None else counted_adoptions():
        if org in province_of:
            adoptions[province_of[org]] += n
    return [
        ProvinceAdoption(str(name), municipalities[name], adoptions[name])
        for name in sorted(municipalities, key=str)
    ]


def figures() -> Figures:
    """Every figure of the statistics page, freshly counted."""
    counted = counted_adoptions()
    return Figures(
        by_theme=pilots_by_theme(),
        by_phase=pilots_by_phase(),
        by_province=pilots_by_province(),
        by_year=pilots_by_year(),
        funnel=funnel(),
        catalogue_growth=catalogue_growth(),
        adoption_growth=adoption_growth(counted),
        most_reused=most_reused(),
        provinces=adoptions_by_province(counted),
        computed_at=utcnow(),
    )


# --- The cache --------------------------------------------------------------------------


class FiguresCache:
    """The last figures, kept for `max_age` seconds in this process.

    Statistics describe the whole register and change slowly; a few minutes'
    delay is what the page states ("counted at ..."). Each process (each
    gunicorn worker) keeps its own copy, so nothing needs invalidating
    across hosts: a copy simply expires. `max_age` 0 counts on every request.
    """

    def __init__(self, max_age: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_age = max_age
        self.clock = clock
        self._lock = threading.Lock()
        self._kept: tuple[float, Figures] | None = None

    def get(self, compute: Callable[[], Figures]) -> Figures:
        now = self.clock()
        kept = self._kept
        if kept is not None and now - kept[0] < self.max_age:
            return kept[1]
        result = compute()
        if self.max_age > 0:
            with self._lock:
                self._kept = (now, result)
        return result

    def clear(self) -> None:
        with self._lock:
            self._kept = None


def cache_for(extensions: dict[str, Any], config: Mapping[str, Any]) -> FiguresCache:
    """The app's cache (one per app, so tests never share figures)."""
    cache = extensions.get("statistics_cache")
    if not isinstance(cache, FiguresCache):
        cache = FiguresCache(float(config.get("STATISTICS_CACHE_SECONDS", 300)))
        extensions["statistics_cache"] = cache
    return cache
