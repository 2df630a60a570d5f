"""What the reuse sections of the pilot and organisation pages show, as plain data.

The views of those pages call `reuse_panel` and `organisation_reuse` and pass
the result to `projects/_extra_sections.html` and
`organisations/_extra_sections.html`, which only render it. Every function
runs a fixed number of queries, however many ratings or adoptions there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup

from registry.i18n import current_language
from registry.models import Adoption, AdoptionStatus, Organisation, Project, Rating, User
from registry.services import adoptions, freshness, permissions, ratings, rubric, scores
from registry.services.permissions import Decision
from registry.translation import gettext as _
from registry.translation import ngettext
from registry.web import charts
from registry.web.formatting import fmt_day, fmt_decimal
from registry.web.pagination import paginate
from registry.web.reuse.labels import ADOPTION_STATUSES

STATUS_ORDER = (
    AdoptionStatus.IN_USE,
    AdoptionStatus.PREPARING,
    AdoptionStatus.INTERESTED,
    AdoptionStatus.STOPPED,
)


@dataclass(frozen=True)
class CriterionRow:
    code: str
    name: str
    question: str
    organisation_count: int
    plain_mean: float | None
    score: float | None


@dataclass(frozen=True)
class RatingRow:
    rating: Rating
    organisation: Organisation
    person: str
    date: datetime
    scores: list[tuple[str, int | None]]  # (criterion's name, score) in the panel's order
    comment: str
    own: bool
    verified: bool
    counted: bool  # False when the rater's organisation now owns or partners in the pilot


@dataclass(frozen=True)
class AdoptionGroup:
    status: str
    label: str
    adoptions: list[Adoption]


@dataclass(frozen=True)
class Example:
    """The formula worked out for one criterion of this pilot, for the explanation."""

    criterion: str
    voices: str  # "5 en 4"
    terms: str  # "5 + 4"
    count: int
    result: str


@dataclass(frozen=True)
class ReusePanel:
    project: Project
    criteria: list[CriterionRow]
    score: float | None
    score_text: str  # rounded to one decimal, half up
    organisation_count: int
    disagreement: float | None
    prior: scores.Prior
    scored_criteria: int
    example: Example | None
    ratings: list[RatingRow]
    own_rating: Rating | None
    verified_organisations: int
    adoption_groups: list[AdoptionGroup]
    effort: adoptions.EffortSummary
    own_adoption: Adoption | None
    bars: Markup | None
    history: list[charts.Point]
    history_chart: Markup | None
    can_rate: Decision
    can_adopt: Decision
    # Why some ratings or adoptions do not count, for those who run the pilot.
    not_counted: list[str]


def _decimal(value: float, digits: int = 1) -> str:
    """A score as people round it: 3.25 is 3,3 (Babel alone would round half to even)."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return fmt_decimal(rounded, format="#,##0." + "0" * digits)


@dataclass(frozen=True)
class CriterionText:
    code: str
    name: str
    question: str


def criteria_texts(language: str) -> list[CriterionText]:
    """The active criteria in rubric order, in `language`; kept until the register changes."""
    return freshness.cached(
        ("criteria", language),
        lambda: [
            CriterionText(c.code, c.text("name", language), c.text("question", language))
            for c in rubric.active_criteria()
        ],
    )


def reuse_panel(
    project: Project,
    viewer: User | None = None,
    rating_list: list[Rating] | None = None,
    adoption_list: list[Adoption] | None = None,
) -> ReusePanel:
    """The reuse sections as `viewer` sees them.

    The pilot page reads the ratings and adoptions once, for this and for the
    readiness checklist, and passes them in; otherwise they are read here.
    """
    if rating_list is None:
        rating_list = ratings.of_project(project)
    if adoption_list is None:
        adoption_list = adoptions.of_project(project)
    language = current_language()
    prior = scores.configured_prior()
    criteria = criteria_texts(language)
    # The score's history changes only with the register: kept until it does.
    snapshots = freshness.cached(
        ("score history", project.id),
        lambda: [HistoryPoint(s.created_at, s.score) for s in scores.history(project)],
    )

    codes = [c.code for c in criteria]
    members = project.member_organisation_ids
    scores_by_rating = ratings.scores_of_project(project)
    no_scores: dict[str, int] = {}
    result = scores.aggregate(
        (
            scores.ScoreRow(r.organisation_id, code, value)
            for r in rating_list
            if r.organisation_id not in members
            for code, value in scores_by_rating.get(r.id, no_scores).items()
        ),
        prior,
        codes,
    )
    rows = []
    for criterion in criteria:
        scored = result.criteria.get(criterion.code)
        rows.append(
            CriterionRow(
                code=criterion.code,
                name=criterion.name,
                question=criterion.question,
                organisation_count=scored.organisation_count if scored else 0,
                plain_mean=scored.plain_mean if scored else None,
                score=scored.score if scored else None,
            )
        )

    in_use = {
        a.organisation_id
        for a in adoption_list
        if a.status == AdoptionStatus.IN_USE and a.organisation_id not in members
    }
    rating_rows = []
    own_rating = None
    for rating in rating_list:
        by_code = scores_by_rating.get(rating.id, no_scores)
        own = viewer is not None and rating.user_id == viewer.id
        if own:
            own_rating = rating
        rating_rows.append(
            RatingRow(
                rating=rating,
                organisation=rating.organisation,
                person=rating.user.name,
                date=rating.updated_at,
                scores=[(c.name, by_code.get(c.code)) for c in criteria],
                comment=rating.comment,
                own=own,
                verified=rating.organisation_id in in_use,
                counted=rating.organisation_id not in members,
            )
        )

    groups = []
    for status in STATUS_ORDER:
        in_status = [a for a in adoption_list if a.status == status]
        if in_status:
            groups.append(AdoptionGroup(status, str(ADOPTION_STATUSES[status]), in_status))
    own_org = viewer.organisation_id if viewer else None
    own_adoption = next((a for a in adoption_list if a.organisation_id == own_org), None)

    points = _history_points(snapshots)
    return ReusePanel(
        project=project,
        criteria=rows,
        score=result.score,
        score_text=_decimal(result.score) if result.score is not None else "",
        organisation_count=result.organisation_count,
        disagreement=result.disagreement,
        prior=prior,
        scored_criteria=len(result.criteria),
        example=_example(rows, result),
        ratings=rating_rows,
        own_rating=own_rating,
        verified_organisations=len(in_use),
        adoption_groups=groups,
        effort=adoptions.median_effort(adoption_list),
        own_adoption=own_adoption,
        bars=_bars(project, rows) if result.score is not None else None,
        history=points,
        history_chart=_history_chart(project, points),
        can_rate=permissions.can_rate(viewer, project),
        can_adopt=permissions.can_adopt(viewer, project),
        not_counted=(
            _not_counted(project, rating_list, adoption_list)
            if permissions.can_edit_project(viewer, project)
            else []
        ),
    )


def _not_counted(
    project: Project, rating_list: list[Rating], adoption_list: list[Adoption]
) -> list[str]:
    """One line per reason: ratings and adoptions by organisations that now run the pilot."""
    partners = {org.id for org in project.partners}

    def by(rows: list, ids: set[int]) -> int:
        return sum(1 for row in rows if row.organisation_id in ids)

    lines = []
    if n := by(rating_list, partners):
        lines.append(
            ngettext(
                "%(num)d beoordeling telt niet mee: de organisatie is nu partner.",
                "%(num)d beoordelingen tellen niet mee: de organisaties zijn nu partner.",
                n,
            )
        )
    if n := by(rating_list, {project.owner_id}):
        lines.append(
            ngettext(
                "%(num)d beoordeling telt niet mee: de organisatie is nu eigenaar.",
                "%(num)d beoordelingen tellen niet mee: de organisatie is nu eigenaar.",
                n,
            )
        )
    if n := by(adoption_list, partners | {project.owner_id}):
        lines.append(
            ngettext(
                "%(num)d melding van hergebruik telt niet mee: "
                "de organisatie is nu eigenaar of partner.",
                "%(num)d meldingen van hergebruik tellen niet mee: "
                "de organisaties zijn nu eigenaar of partner.",
                n,
            )
        )
    return lines


@dataclass(frozen=True)
class HistoryPoint:
    created_at: datetime
    score: float | None


def _history_points(snapshots: list[HistoryPoint]) -> list[charts.Point]:
    """The score after each change; changes that left the score as it was are skipped."""
    points: list[charts.Point] = []
    for snapshot in snapshots:
        if snapshot.score is None:
            continue
        if points and round(points[-1].value, 2) == round(snapshot.score, 2):
            continue
        text = _(
            "%(score)s op %(date)s",
            score=_decimal(snapshot.score),
            date=fmt_day(snapshot.created_at, "medium"),
        )
        points.append(charts.Point(snapshot.created_at, snapshot.score, text))
    return points


def _example(rows: list[CriterionRow], result: scores.Aggregate) -> Example | None:
    for row in rows:
        scored = result.criteria.get(row.code)
        if scored:
            means = [fmt_decimal(m, format="0.##") for m in scored.organisation_means]
            if len(means) == 1:
                voices = means[0]
            else:
                voices = _("%(list)s en %(last)s", list=", ".join(means[:-1]), last=means[-1])
            return Example(
                criterion=row.name,
                voices=voices,
                terms=" + ".join(means),
                count=scored.organisation_count,
                result=_decimal(scored.score, 2),
            )
    return None


def _bars(project: Project, rows: list[CriterionRow]) -> Markup:
    return charts.bar_chart(
        [
            charts.Bar(row.name, row.score, _decimal(row.score) if row.score is not None else "")
            for row in rows
        ],
        chart_id=f"score-bars-{project.id}",
        title=_("Score per criterium"),
        description=_(
            "Balken van 0 tot 5, de stippellijn staat op 3 (de voorkennis). "
            "De tabel hieronder geeft dezelfde cijfers."
        ),
        marker=3.0,
    )


def _history_chart(project: Project, points: list[charts.Point]) -> Markup | None:
    if not points:
        return None
    first, last = points[0], points[-1]
    return charts.line_chart(
        points,
        chart_id=f"score-history-{project.id}",
        title=_("Verloop van de score"),
        description=_(
            "De score ging van %(first)s naar %(last)s, in %(n)d stappen.",
            first=first.text,
            last=last.text,
            n=len(points),
        ),
        first_label=fmt_day(first.when, "medium"),
        last_label=fmt_day(last.when, "medium"),
    )


@dataclass(frozen=True)
class OrganisationReuse:
    adoptions: list[Adoption]
    groups: list[AdoptionGroup]
    page: Pagination  # the page of adoptions shown; `reuse_page` in the address


# Adoptions shown per page of an organisation's page.
ADOPTIONS_PER_PAGE = 20


def organisation_reuse(organisation: Organisation) -> OrganisationReuse:
    """A page of the pilots an organisation reports reusing, grouped by status."""
    page = paginate(
        adoptions.by_keys_query(),
        per_page=ADOPTIONS_PER_PAGE,
        argument="reuse_page",
        kept_order=adoptions.public_order_of(organisation, STATUS_ORDER),
    )
    found: list[Adoption] = list(page.items)
    groups = []
    for status in STATUS_ORDER:
        members = [a for a in found if a.status == status]
        if members:
            groups.append(AdoptionGroup(status, str(ADOPTION_STATUSES[status]), members))
    return OrganisationReuse(found, groups, page)
