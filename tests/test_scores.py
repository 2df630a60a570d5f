"""The reusability score: the arithmetic by hand, and what is stored on the pilot."""

from __future__ import annotations

import random
import statistics

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Adoption, Project, Rating, ScoreSnapshot
from registry.services import adoptions, ratings, scores
from registry.services.scores import Prior, ScoreRow, aggregate

PRIOR = Prior(mean=3.0, weight=2)
CODES = (
    "transferability",
    "documentation",
    "open_standards",
    "proven_results",
    "maintenance",
    "privacy_security",
    "adoption_effort",
)


def rows(org: int, value: int, codes=CODES) -> list[ScoreRow]:
    return [ScoreRow(org, code, value) for code in codes]


# --- Pure arithmetic ------------------------------------------------------------------------


def test_no_scores_give_no_score():
    result = aggregate([], PRIOR, CODES)
    assert result.score is None
    assert result.organisation_count == 0
    assert result.disagreement is None


def test_two_raters_of_one_organisation_speak_as_one_voice():
    # 5 and 1 in one organisation are one voice of 3: (3 + 3.0 x 2) / (1 + 2) = 3.0
    result = aggregate(rows(1, 5) + rows(1, 1), PRIOR, CODES)
    assert result.organisation_count == 1
    assert result.score == pytest.approx(3.0)
    assert result.criteria["documentation"].organisation_means == (3.0,)


def test_one_organisation_of_all_fives_is_pulled_towards_the_prior():
    result = aggregate(rows(1, 5), PRIOR, CODES)
    assert result.score == pytest.approx((5 + 6) / 3)
    assert round(result.score, 2) == 3.67


def test_organisations_count_equally_however_many_raters_they_have():
    # Organisation 1 has three raters saying 5, organisation 2 one rater saying 1.
    one_criterion = ("documentation",)
    data = [ScoreRow(1, "documentation", 5)] * 3 + [ScoreRow(2, "documentation", 1)]
    result = aggregate(data, PRIOR, one_criterion)
    assert result.score == pytest.approx((5 + 1 + 6) / 4)  # 3.0, not (15 + 1 + 6) / 6


def test_the_score_is_the_mean_over_the_criteria_that_have_scores():
    data = [ScoreRow(1, "documentation", 5), ScoreRow(1, "maintenance", 2)]
    result = aggregate(data, PRIOR, CODES)
    assert set(result.criteria) == {"documentation", "maintenance"}
    expected = ((5 + 6) / 3 + (2 + 6) / 3) / 2
    assert result.score == pytest.approx(expected)


def test_scores_on_criteria_outside_the_rubric_are_ignored():
    data = [ScoreRow(1, "documentation", 4), ScoreRow(1, "retired_one", 1)]
    result = aggregate(data, PRIOR, ("documentation",))
    assert result.score == pytest.approx((4 + 6) / 3)


def test_disagreement_is_the_population_standard_deviation_of_organisation_means():
    data = rows(1, 2) + rows(2, 4)
    result = aggregate(data, PRIOR, CODES)
    assert result.disagreement == pytest.approx(1.0)  # population, not sample (1.41)
    assert aggregate(rows(1, 2), PRIOR, CODES).disagreement is None


def test_a_different_prior_changes_the_pull():
    result = aggregate(rows(1, 5), Prior(mean=1.0, weight=1), CODES)
    assert result.score == pytest.approx((5 + 1) / 2)


def test_prior_is_read_from_the_configuration(app):
    app.config.update(SCORE_PRIOR_MEAN=2.5, SCORE_PRIOR_WEIGHT=4)
    assert scores.configured_prior() == Prior(2.5, 4.0)


# --- Stored aggregates -----------------------------------------------------------------------


def test_rating_stores_score_and_organisation_count_on_the_project(make_project, make_user):
    project = make_project(owner="GM0344")
    ratings.submit(project, make_user(org="GM0363"), dict.fromkeys(CODES, 5))
    ratings.submit(project, make_user(org="GM0599"), dict.fromkeys(CODES, 1))
    db.session.commit()
    stored = db.session.execute(
        select(Project.score, Project.rating_org_count).where(Project.id == project.id)
    ).one()
    assert stored.score == pytest.approx((5 + 1 + 6) / 4)
    assert stored.rating_org_count == 2


def test_refreshing_aggregates_does_not_bump_the_edit_version(make_project, make_user):
    project = make_project()
    before_version, before_updated = project.version, project.updated_at
    ratings.submit(project, make_user(org="GM0363"), dict.fromkeys(CODES, 4))
    db.session.commit()
    db.session.expire_all()
    assert project.version == before_version
    assert project.updated_at == before_updated
    assert project.score == pytest.approx((4 + 6) / 3)


def test_an_edit_form_loaded_before_a_rating_still_saves(make_project, make_user):
    """A rating in between must not make the owner's edit a version conflict."""
    from registry.services import projects

    owner = make_user(org="GM0344")
    project = make_project(owner="GM0344")
    version = project.version
    ratings.submit(project, make_user(org="GM0363"), dict.fromkeys(CODES, 4))
    db.session.commit()
    data = projects.ProjectData(
        title="Nieuwe titel", summary=project.summary, phase=project.phase, themes=project.themes
    )
    projects.update(project, owner, data, version)
    db.session.commit()
    assert project.title == "Nieuwe titel"


def test_each_change_of_the_aggregates_leaves_a_snapshot(make_project, make_user):
    project = make_project()
    rater = make_user(org="GM0363")
    ratings.submit(project, rater, dict.fromkeys(CODES, 5))
    ratings.submit(project, rater, dict.fromkeys(CODES, 5))  # no change, no snapshot
    ratings.submit(project, rater, dict.fromkeys(CODES, 1))
    db.session.commit()
    history = scores.history(project)
    assert [round(s.score, 2) for s in history] == [3.67, 2.33]


def test_adopter_count_counts_organisations_with_the_pilot_in_use(make_project, make_user):
    project = make_project()
    a, b, c = make_user(org="GM0363"), make_user(org="GM0599"), make_user(org="GM0014")
    for user, status in ((a, "in_use"), (b, "preparing"), (c, "in_use")):
        adoptions.declare(project, user, adoptions.AdoptionData(status=status))
    adoptions.declare(project, c, adoptions.AdoptionData(status="stopped"))
    db.session.commit()
    db.session.expire_all()
    assert project.adopter_count == 1


def test_sort_and_filter_helpers_use_the_stored_values(make_project, make_user):
    good, poor, unrated = make_project(), make_project(), make_project()
    rater = make_user(org="GM0363")
    ratings.submit(good, rater, dict.fromkeys(CODES, 5))
    ratings.submit(poor, rater, dict.fromkeys(CODES, 1))
    adoptions.declare(poor, rater, adoptions.AdoptionData(status="in_use"))
    db.session.commit()
    base = select(Project).where(Project.id.in_([good.id, poor.id, unrated.id]))
    by_score = list(db.session.scalars(scores.order_by_score(base)))
    assert by_score == [good, poor, unrated]
    by_adopters = list(db.session.scalars(scores.order_by_adopters(base)))
    assert by_adopters[0] == poor
    at_least_3 = list(db.session.scalars(scores.with_min_score(base, 3.0)))
    assert at_least_3 == [good]
    assert len(list(db.session.scalars(scores.with_min_score(base, None)))) == 3


def recompute_from_raw_rows(project: Project) -> tuple[float | None, int, int]:
    """The aggregates by a second, naive route: straight from the rows, no shared helpers."""
    db.session.expire_all()
    per: dict[str, dict[int, list[int]]] = {}
    for rating in db.session.scalars(select(Rating).where(Rating.project_id == project.id)):
        for row in rating.scores:
            if not row.criterion.retired:
                per.setdefault(row.criterion.code, {}).setdefault(
                    rating.organisation_id, []
                ).append(row.value)
    criterion_scores = []
    orgs = set()
    for by_org in per.values():
        means = [sum(v) / len(v) for v in by_org.values()]
        orgs |= set(by_org)
        criterion_scores.append((sum(means) + 3.0 * 2) / (len(means) + 2))
    score = sum(criterion_scores) / len(criterion_scores) if criterion_scores else None
    adopters = {
        a.organisation_id
        for a in db.session.scalars(select(Adoption).where(Adoption.project_id == project.id))
        if a.status == "in_use"
    }
    return score, len(orgs), len(adopters)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stored_aggregates_match_a_recomputation_after_random_changes(
    seed, make_project, make_user, make_org
):
    rng = random.Random(seed)
    projects = [make_project(owner="GM0344") for _ in range(3)]
    orgs = [make_org(f"GM7{n:03d}") for n in range(5)]
    users = [make_user(org=rng.choice(orgs)) for _ in range(10)]
    for _ in range(60):
        project, user = rng.choice(projects), rng.choice(users)
        action = rng.random()
        if action < 0.55:
            values = {c: rng.choice([None, 1, 2, 3, 4, 5]) for c in CODES}
            values[rng.choice(CODES)] = rng.randint(1, 5)
            ratings.submit(project, user, values, "")
        elif action < 0.7:
            if ratings.current(project, user):
                ratings.withdraw(project, user)
        else:
            status = rng.choice(adoptions.STATUSES)
            adoptions.declare(project, user, adoptions.AdoptionData(status=status))
        if rng.random() < 0.3:
            db.session.commit()
    db.session.commit()
    for project in projects:
        expected = recompute_from_raw_rows(project)
        stored = (project.score, project.rating_org_count, project.adopter_count)
        assert stored[1:] == expected[1:]
        assert stored[0] == pytest.approx(expected[0])
        last = db.session.scalars(
            select(ScoreSnapshot)
            .where(ScoreSnapshot.project_id == project.id)
            .order_by(ScoreSnapshot.id.desc())
        ).first()
        if last is not None:
            assert last.score == pytest.approx(project.score)


def test_median_effort_uses_only_in_use_reports_that_give_a_figure():
    def a(status, **effort):
        return Adoption(status=status, **effort)

    summary = adoptions.median_effort(
        [
            a("in_use", hours=10, cost_euros=1000),
            a("in_use", hours=30),
            a("in_use", hours=20, months=3),
            a("in_use"),
            a("preparing", hours=1000, cost_euros=999999),
        ]
    )
    assert summary.hours == statistics.median([10, 30, 20])
    assert summary.hours_reports == 3
    assert summary.cost_euros == 1000
    assert summary.cost_reports == 1
    assert summary.months == 3
