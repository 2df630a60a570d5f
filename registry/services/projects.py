"""Pilots: register, edit, publish, hide, and find them.

Every write checks its permission here, so a view, a command or the API
cannot forget it. Edits use optimistic locking: the caller says which
version it started from, and a save against a newer version is a Conflict,
never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    ColumnExpressionArgument,
    Select,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import joinedload, load_only, selectinload, with_expression
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.interfaces import LoaderOption

from registry.extensions import db
from registry.models import (
    Attachment,
    Indicator,
    Organisation,
    Project,
    ProjectTag,
    ProjectTheme,
    Question,
    User,
    limits,
    project_partner,
    utcnow,
)
from registry.models.project import TAG_SEPARATOR, joined_strings
from registry.models.vocab import THEMES, CommonGroundLayer, Phase, Visibility
from registry.services import events, freshness, notification_matrix, permissions, scores, slugs
from registry.services.errors import Conflict, Invalid, NotFound
from registry.services.keys_first import windowed_by_keys
from registry.translation import lazy_gettext as _l

# Common SPDX identifiers for software, documents and data.
LICENCES: tuple[str, ...] = (
    "EUPL-1.2",
    "MIT",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "LGPL-2.1-or-later",
    "LGPL-3.0-or-later",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "MPL-2.0",
    "ISC",
    "Unlicense",
    "CC0-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "ODbL-1.0",
)


@dataclass
class IndicatorData:
    name: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    result: float | None = None

    def as_tuple(self) -> tuple[str, str, float | None, float | None, float | None]:
        return (self.name, self.unit, self.baseline, self.target, self.result)


@dataclass
class ProjectData:
    """Everything a user fills in about a pilot, as plain values."""

    title: str
    summary: str
    problem: str = ""
    approach: str = ""
    results: str = ""
    lessons: str = ""
    phase: str = Phase.IDEA
    themes: list[str] = field(default_factory=list)
    common_ground_layer: str | None = None
    tags: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)  # organisation codes
    start_date: date | None = None
    end_date: date | None = None
    budget_euros: int | None = None
    funding_source: str = ""
    website_url: str = ""
    repository_url: str = ""
    documentation_url: str = ""
    licence: str = ""
    contact_name: str = ""
    contact_email: str = ""
    indicators: list[IndicatorData] = field(default_factory=list)


SCALAR_FIELDS = (
    "title",
    "summary",
    "problem",
    "approach",
    "results",
    "lessons",
    "phase",
    "common_ground_layer",
    "start_date",
    "end_date",
    "budget_euros",
    "funding_source",
    "website_url",
    "repository_url",
    "documentation_url",
    "licence",
    "contact_name",
    "contact_email",
)
# The longest each text may be (registry.models.limits), by field.
LENGTHS = {
    "title": limits.TITLE,
    "summary": limits.SUMMARY,
    "problem": limits.LONG_TEXT,
    "approach": limits.LONG_TEXT,
    "results": limits.LONG_TEXT,
    "lessons": limits.LONG_TEXT,
    "funding_source": limits.FUNDING_SOURCE,
    "website_url": limits.URL,
    "repository_url": limits.URL,
    "documentation_url": limits.URL,
    "licence": limits.LICENCE,
    "contact_name": limits.CONTACT_NAME,
    "contact_email": limits.EMAIL,
}


# --- What the rules say when they refuse ------------------------------------------
# One wording per rule: the form shows the same sentence as the service raises.


def too_long(limit: int) -> object:
    return _l("Dit veld is te lang: hoogstens %(max)s tekens.", max=limit)


NO_TITLE = _l("Vul een titel in.")
NO_SUMMARY = _l("Vul een samenvatting in.")
NOT_IN_LIST = _l("Kies uit de lijst.")
THEMES_NOT_IN_LIST = _l("Kies alleen thema's uit de lijst.")
LICENCE_NOT_IN_LIST = _l("Kies een licentie uit de lijst.")
PARTNERS_NOT_IN_LIST = _l("Kies partners uit de lijst.")
TOO_MANY_TAGS = _l("Hoogstens %(count)s trefwoorden.", count=limits.TAGS)
TAG_TOO_LONG = _l("Een trefwoord is hoogstens %(length)s tekens lang.", length=limits.TAG)
END_BEFORE_START = _l("De einddatum ligt vóór de startdatum.")
BUDGET_OUT_OF_RANGE = _l("Vul een bedrag in hele euro's in, 0 of meer.")
TOO_MANY_INDICATORS = _l("Hoogstens %(count)s indicatoren.", count=limits.INDICATORS)
INDICATOR_WITHOUT_NAME = _l("Geef de indicator een naam.")
NO_HIDE_REASON = _l("Geef een reden op.")


# --- Reading -------------------------------------------------------------------


def find(slug: str) -> Project | None:
    """The pilot with its owner, its themes and tags (as columns of its row) and every
    other collection its page shows, loaded now.

    Each collection is read by a statement of its own on the pilot's key, built
    once: for a single pilot that costs half of what `selectinload`'s `IN (…)`
    does (which SQLAlchemy renders anew for every execution), and a third less
    than the relationship's lazy load (which builds its statement every time).
    The pilot's row says which collections have anything in them (and whether
    it has questions, `Project.has_questions`): an empty one costs no statement.
    A collection already loaded in this session (and perhaps changed) is kept.
    """
    row = db.session.execute(_by_slug(), {"slug": slug}).first()
    if row is None:
        return None
    project: Project = row[0]
    unloaded = sa_inspect(project).unloaded
    for (name, query, _), has_any in zip(_detail_collections(), row[1:], strict=True):
        if name in unloaded:
            rows = db.session.scalars(query, {"project_id": project.id}).all() if has_any else []
            set_committed_value(project, name, list(rows))
    return project


@cache  # built once: building a statement costs more than running it on one key
def _detail_collections() -> tuple[tuple[str, Select[Any], ColumnElement[bool]], ...]:
    """The pilot page's collections, each in its relationship's order, and whether the
    pilot of the row has any (a correlated EXISTS on the collection's index)."""
    key: BindParameter[int] = bindparam("project_id")
    return (
        (
            "partners",
            select(Organisation)
            .join(project_partner, project_partner.c.organisation_id == Organisation.id)
            .where(project_partner.c.project_id == key)
            .order_by(Organisation.name),
            exists().where(project_partner.c.project_id == Project.id),
        ),
        (
            "indicators",
            select(Indicator).where(Indicator.project_id == key).order_by(Indicator.position),
            exists().where(Indicator.project_id == Project.id),
        ),
        (
            "attachments",
            select(Attachment).where(Attachment.project_id == key).order_by(Attachment.created_at),
            exists().where(Attachment.project_id == Project.id),
        ),
    )


@cache  # built once: building a statement costs more than running it on one key
def _by_slug() -> Select[Project, bool, bool, bool]:
    (_, _, partners), (_, _, indicators), (_, _, attachments) = _detail_collections()
    return (
        select(Project, partners, indicators, attachments)
        .where(Project.slug == bindparam("slug"))
        .options(
            joinedload(Project.owner),
            themes_in_one_column(),
            with_expression(
                Project.tag_list,
                joined_strings(ProjectTag.tag, ProjectTag.project_id == Project.id, TAG_SEPARATOR),
            ),
            with_expression(
                Project.has_questions, exists().where(Question.project_id == Project.id)
            ),
        )
    )


def get_visible(slug: str, viewer: User | None) -> Project:
    """The pilot if `viewer` may see it; NotFound alike for a missing and a hidden one."""
    project = find(slug)
    if project is None or not permissions.can_view_project(viewer, project):
        raise NotFound()
    return project


def get_editable(slug: str, user: User | None) -> Project:
    """The pilot if `user` may edit it: NotFound when they may not even see it, else NotAllowed."""
    project = get_visible(slug, user)
    permissions.require(permissions.can_edit_project(user, project))
    return project


@dataclass
class Filters:
    """The list's filters, each already checked against what exists (None: not filtered)."""

    theme: str | None = None
    phase: str | None = None
    organisation: str | None = None
    province: str | None = None
    min_score: float | None = None
    sort: str = "newest"


# Each sort orders a query; score and adopters use the aggregates stored on the pilot.
SORTS: dict[str, Callable[[Select[Project]], Select[Project]]] = {
    "newest": lambda query: query.order_by(Project.published_at.desc(), Project.id.desc()),
    "title": lambda query: query.order_by(Project.title, Project.id),
    "score": scores.order_by_score,
    "adopters": scores.order_by_adopters,
}


# A filter's value, or the parameter that will carry it; None: not filtered.
Chosen = str | float | BindParameter[Any] | None


def _public_conditions(filters: Filters) -> list[ColumnExpressionArgument[bool]]:
    """Published, unhidden pilots matching `filters`, as conditions on Project."""
    return _conditions(
        filters.theme or None,
        filters.phase or None,
        filters.organisation or None,
        filters.province or None,
        filters.min_score,
    )


def _conditions(
    theme: Chosen, phase: Chosen, organisation: Chosen, province: Chosen, min_score: Chosen
) -> list[ColumnExpressionArgument[bool]]:
    conditions: list[ColumnExpressionArgument[bool]] = [Project.is_public]
    if theme is not None:
        conditions.append(
            exists().where(ProjectTheme.project_id == Project.id, ProjectTheme.theme == theme)
        )
    if phase is not None:
        conditions.append(Project.phase == phase)
    if organisation is not None:
        org_id = select(Organisation.id).where(Organisation.code == organisation)
        conditions.append(
            or_(
                Project.owner_id.in_(org_id.scalar_subquery()),
                exists().where(
                    project_partner.c.project_id == Project.id,
                    project_partner.c.organisation_id.in_(org_id.scalar_subquery()),
                ),
            )
        )
    if province is not None:
        conditions.append(Project.owner.has(Organisation.province == province))
    if min_score is not None:
        conditions.append(Project.score >= min_score)
    return conditions


def _public_select(filters: Filters | None) -> Select[Project]:
    filters = filters or Filters()
    order = SORTS.get(filters.sort, SORTS["newest"])
    return order(select(Project).where(*_public_conditions(filters)))


def public_query(filters: Filters | None = None) -> Select[Project]:
    """Published, unhidden pilots matching `filters`, whole, with owner and themes loaded.

    For feeds and exports, which show the texts; a list page reads `card_query`.
    """
    return _public_select(filters).options(
        joinedload(Project.owner), selectinload(Project.theme_rows)
    )


# What a pilot card shows (templates/projects/_cards.html): never the long texts.
CARD_COLUMNS = (
    Project.slug,
    Project.title,
    Project.summary,
    Project.phase,
    Project.visibility,
    Project.hidden_at,
    Project.owner_id,
    Project.published_at,
    Project.created_at,
    Project.score,
    Project.rating_org_count,
    Project.adopter_count,
)


@cache  # options are immutable: built once, not for every list
def card_options() -> tuple[LoaderOption, ...]:
    """Load a card's columns, its owner's code and name and its themes; any other column raises.

    Raising rather than loading lazily keeps a template from reading a long text
    for each card without anyone noticing.
    """
    return (
        load_only(*CARD_COLUMNS, raiseload=True),
        joinedload(Project.owner).load_only(Organisation.code, Organisation.name, raiseload=True),
        themes_in_one_column(),
    )


@cache
def themes_in_one_column() -> LoaderOption:
    """A list's pilots with their themes in a column of their own rows: `selectinload`'s
    second statement cost more than the whole page's query (see `Project.theme_list`)."""
    return with_expression(
        Project.theme_list,
        joined_strings(ProjectTheme.theme, ProjectTheme.project_id == Project.id),
    )


@cache  # built once: building a statement costs more than running it on a page of keys
def cards_by_keys_query() -> Select[Project]:
    """Pilots by the parameter `keys` (expanding), with only what a card shows."""
    return (
        select(Project)
        .where(Project.id.in_(bindparam("keys", expanding=True)))
        .options(*card_options())
    )


def card_query(filters: Filters | None = None) -> Select[Project]:
    """Public pilots matching `filters` in their order, with only what a card shows."""
    return _public_select(filters).options(*card_options())


FILTERS = ("theme", "phase", "organisation", "province", "min_score")


def card_window(filters: Filters) -> tuple[Select[Project], dict[str, Any]]:
    """`card_query` read by its keys first, as a statement built once per combination
    of filters and order, and the values of its parameters (the window's are
    `page_limit` and `page_offset`, see `keys_first.windowed_by_keys`)."""
    chosen = {name: getattr(filters, name) for name in FILTERS}
    parameters = {name: value for name, value in chosen.items() if value}
    sort = filters.sort if filters.sort in SORTS else "newest"
    return _card_window(*(name in parameters for name in FILTERS), sort), parameters


@lru_cache(maxsize=256)  # 32 combinations of filters, four orders
def _card_window(
    theme: bool, phase: bool, organisation: bool, province: bool, min_score: bool, sort: str
) -> Select[Project]:
    chosen = zip(FILTERS, (theme, phase, organisation, province, min_score), strict=True)
    # A parameter takes its type from the column it is compared with.
    conditions = _conditions(*(bindparam(name) if on else None for name, on in chosen))
    query = SORTS[sort](select(Project).where(*conditions)).options(*card_options())
    return windowed_by_keys(query)


def count_public(filters: Filters | None = None) -> int:
    """How many public pilots match `filters`; kept until the register changes."""
    filters = filters or Filters()
    key = (
        "public pilots",
        filters.theme,
        filters.phase,
        filters.organisation,
        filters.province,
        filters.min_score,
    )

    def count() -> int:
        query = select(func.count(Project.id)).where(*_public_conditions(filters))
        return db.session.scalar(query) or 0

    return freshness.cached(key, count)


def drafts_of(user: User | None, limit: int = 20) -> list[Project]:
    """The drafts of the user's organisation (as owner or partner), newest first."""
    if user is None or not permissions.can_create_project(user):
        return []
    org_id = user.organisation_id
    query = (
        select(Project)
        .where(
            Project.visibility == Visibility.DRAFT,
            or_(
                Project.owner_id == org_id,
                exists().where(
                    project_partner.c.project_id == Project.id,
                    project_partner.c.organisation_id == org_id,
                ),
            ),
        )
        .order_by(Project.updated_at.desc(), Project.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def filter_organisations() -> list[Organisation]:
    """Organisations that own or partner in a public pilot: the useful organisation filter."""
    public = select(Project.id).where(Project.is_public)
    owners = select(Project.owner_id).where(Project.is_public)
    partners = select(project_partner.c.organisation_id).where(
        project_partner.c.project_id.in_(public)
    )
    query = select(Organisation).where(
        or_(Organisation.id.in_(owners), Organisation.id.in_(partners))
    )
    return list(db.session.scalars(query.order_by(Organisation.name)))


def filter_organisation_choices() -> list[tuple[str, str]]:
    """(code, name) of `filter_organisations`, kept until the register changes."""
    return freshness.cached(
        "filter organisations",
        lambda: [(org.code, org.name) for org in filter_organisations()],
    )


def provinces() -> list[str]:
    query = (
        select(Organisation.province)
        .where(Organisation.province.is_not(None))
        .distinct()
        .order_by(Organisation.province)
    )
    return freshness.cached("provinces", lambda: list(db.session.scalars(query)))


def partner_candidates(
    owner_id: int | None, current: Sequence[Organisation] = ()
) -> list[Organisation]:
    """Active organisations a pilot may name as partners, plus the partners it already has."""
    keep = [org.id for org in current]
    query = select(Organisation).where(
        or_(Organisation.active.is_(True), Organisation.id.in_(keep or [-1]))
    )
    if owner_id is not None:
        query = query.where(Organisation.id != owner_id)
    return list(db.session.scalars(query.order_by(Organisation.name)))


# --- Writing -------------------------------------------------------------------


def create(user: User | None, data: ProjectData) -> Project:
    """Register a pilot as a draft of the user's organisation."""
    permissions.require(permissions.can_create_project(user))
    assert user is not None  # can_create_project lets only signed-in users through
    _check(data, owner_id=user.organisation_id)
    project = Project(
        slug=slugs.unique_slug(data.title, Project.slug),
        title=data.title,
        summary=data.summary,
        owner_id=user.organisation_id,
        created_by_id=user.id,
        visibility=Visibility.DRAFT,
    )
    db.session.add(project)
    _apply(project, data, owner_id=user.organisation_id)
    db.session.flush()
    events.record(user, "created", project)
    return project


def update(project: Project, user: User | None, data: ProjectData, version: int) -> list[str]:
    """Save an edit made from `version`; the names of the fields that changed.

    Raises Conflict when the pilot changed since that version, either before
    this call or in a race while it runs.
    """
    permissions.require(permissions.can_edit_project(user, project))
    if version != project.version:
        raise Conflict(_l("Iemand anders heeft deze pilot intussen gewijzigd."))
    _check(data, owner_id=project.owner_id, current_partners=project.partners)
    changed = changed_fields(project, data)
    if not changed:
        return []
    phase_before, results_before = project.phase, results_of(project)
    # Changed in memory, then flushed once below: a collection read on the way (lazily)
    # must not flush half the edit first, which would raise the version twice.
    with db.session.no_autoflush:
        _apply(project, data, owner_id=project.owner_id)
    # Always touch the row: a change in themes, tags or partners alone would
    # otherwise not raise the version, and a rival edit would go unnoticed.
    project.updated_at = utcnow()
    try:
        db.session.flush()
    except StaleDataError as err:
        raise Conflict(_l("Iemand anders heeft deze pilot intussen gewijzigd.")) from err
    if "partners" in changed:
        # A new partner's ratings and adoption stop counting now, a former
        # partner's count again: the stored score follows in this transaction.
        scores.lock(project)
        scores.refresh(project)
    events.record(user, "edited", project, fields=changed)
    notification_matrix.pilot_changed(
        project,
        user,
        phase=project.phase if project.phase != phase_before else None,
        results_added=results_added(results_before, results_of(project)),
    )
    return changed


Results = tuple[str, dict[str, object]]


def results_of(project: Project) -> Results:
    """What a pilot reports as results: its results text and each indicator's result."""
    return (project.results or "").strip(), {
        i.name: i.result for i in project.indicators if i.result is not None
    }


def results_added(before: Results, after: Results) -> bool:
    """New or changed results: a different, non-empty results text or a new indicator result."""
    text_before, indicators_before = before
    text_after, indicators_after = after
    if text_after and text_after != text_before:
        return True
    return any(indicators_before.get(name) != value for name, value in indicators_after.items())


def changed_fields(project: Project, data: ProjectData) -> list[str]:
    """The names of the fields whose submitted value differs from the stored one."""
    changed = [name for name in SCALAR_FIELDS if getattr(project, name) != getattr(data, name)]
    if sorted(project.themes) != sorted(data.themes):
        changed.append("themes")
    if sorted(project.tags) != sorted(data.tags):
        changed.append("tags")
    if sorted(org.code for org in project.partners) != sorted(data.partners):
        changed.append("partners")
    stored = [(i.name, i.unit, i.baseline, i.target, i.result) for i in project.indicators]
    if stored != [i.as_tuple() for i in data.indicators]:
        changed.append("indicators")
    return changed


def publish(project: Project, user: User | None) -> None:
    permissions.require(permissions.can_publish_project(user, project))
    if project.is_published:
        return
    first_time = project.published_at is None
    project.visibility = Visibility.PUBLISHED
    project.published_at = project.published_at or utcnow()
    events.record(user, "published", project)
    if first_time:
        notification_matrix.pilot_published(project, user)
    db.session.flush()


def unpublish(project: Project, user: User | None) -> None:
    """Back to draft: only its own organisations see it again."""
    permissions.require(permissions.can_publish_project(user, project))
    if not project.is_published:
        return
    project.visibility = Visibility.DRAFT
    events.record(user, "unpublished", project)
    db.session.flush()


def hide(project: Project, user: User | None, reason: str) -> None:
    """A curator takes a published pilot off the public lists, saying why."""
    permissions.require(permissions.can_hide_project(user, project))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(NO_HIDE_REASON, field="reason")
    if len(reason) > limits.HIDDEN_REASON:
        raise Invalid(too_long(limits.HIDDEN_REASON), field="reason")
    if not project.is_published:
        raise Invalid(_l("Alleen een gepubliceerde pilot kan worden verborgen."), field="reason")
    if project.is_hidden:
        return
    project.hidden_at = utcnow()
    project.hidden_reason = reason
    events.record(user, "hidden", project, reason=reason)
    db.session.flush()


def unhide(project: Project, user: User | None) -> None:
    permissions.require(permissions.can_hide_project(user, project))
    if not project.is_hidden:
        return
    project.hidden_at = None
    project.hidden_reason = ""
    events.record(user, "unhidden", project)
    db.session.flush()


# --- Rules on the data -----------------------------------------------------------


def _check(
    data: ProjectData, owner_id: int | None, current_partners: Sequence[Organisation] = ()
) -> None:
    """The domain's rules on a pilot's data, raised at the field they concern.

    The form checks the same before calling; this keeps other callers honest.
    """
    if not data.title.strip():
        raise Invalid(NO_TITLE, field="title")
    if not data.summary.strip():
        raise Invalid(NO_SUMMARY, field="summary")
    for name, limit in LENGTHS.items():
        if len(getattr(data, name) or "") > limit:
            raise Invalid(too_long(limit), field=name)
    if data.phase not in set(Phase):
        raise Invalid(NOT_IN_LIST, field="phase")
    if any(theme not in THEMES for theme in data.themes):
        raise Invalid(THEMES_NOT_IN_LIST, field="themes")
    if data.common_ground_layer and data.common_ground_layer not in set(CommonGroundLayer):
        raise Invalid(NOT_IN_LIST, field="common_ground_layer")
    if data.licence and data.licence not in LICENCES:
        raise Invalid(LICENCE_NOT_IN_LIST, field="licence")
    if len(data.tags) > limits.TAGS:
        raise Invalid(TOO_MANY_TAGS, field="tags")
    if any(len(tag) > limits.TAG for tag in data.tags):
        raise Invalid(TAG_TOO_LONG, field="tags")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise Invalid(END_BEFORE_START, field="end_date")
    if data.budget_euros is not None and not 0 <= data.budget_euros <= limits.BUDGET_EUROS:
        raise Invalid(BUDGET_OUT_OF_RANGE, field="budget_euros")
    if len(data.indicators) > limits.INDICATORS:
        raise Invalid(TOO_MANY_INDICATORS, field="indicators")
    for indicator in data.indicators:
        if not indicator.name.strip():
            raise Invalid(INDICATOR_WITHOUT_NAME, field="indicators")
        if len(indicator.name) > limits.INDICATOR_NAME:
            raise Invalid(too_long(limits.INDICATOR_NAME), field="indicators")
        if len(indicator.unit) > limits.INDICATOR_UNIT:
            raise Invalid(too_long(limits.INDICATOR_UNIT), field="indicators")
    allowed = {org.code for org in partner_candidates(owner_id, list(current_partners))}
    if any(code not in allowed for code in data.partners):
        raise Invalid(PARTNERS_NOT_IN_LIST, field="partners")


def _apply(project: Project, data: ProjectData, owner_id: int | None) -> None:
    for name in SCALAR_FIELDS:
        setattr(project, name, getattr(data, name))
    wanted_themes = list(dict.fromkeys(data.themes))
    project.theme_rows = [row for row in project.theme_rows if row.theme in wanted_themes] + [
        ProjectTheme(theme=t) for t in wanted_themes if t not in project.themes
    ]
    wanted_tags = list(dict.fromkeys(data.tags))
    project.tag_rows = [row for row in project.tag_rows if row.tag in wanted_tags] + [
        ProjectTag(tag=t) for t in wanted_tags if t not in project.tags
    ]
    if sorted(org.code for org in project.partners) != sorted(data.partners):
        codes = set(data.partners)
        project.partners = (
            list(
                db.session.scalars(
                    select(Organisation).where(
                        Organisation.code.in_(codes), Organisation.id != owner_id
                    )
                )
            )
            if codes
            else []
        )
    stored = [(i.name, i.unit, i.baseline, i.target, i.result) for i in project.indicators]
    if stored != [i.as_tuple() for i in data.indicators]:
        project.indicators = [
            Indicator(position=n, **{f.name: getattr(item, f.name) for f in fields(item)})
            for n, item in enumerate(data.indicators)
        ]
