"""The demo's ratings and adoptions: realistic spread, disagreement and verified adopters."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from registry.demo.reuse import seed_reuse
from registry.extensions import db
from registry.models import Adoption, Project, Rating
from registry.services import scores
from registry.services.passwords import hash_password
from registry.web.reuse.panels import reuse_panel


@pytest.fixture
def demo(app, seeded_demo):
    """The demo seed, which calls seed_reuse after the pilots."""
    return seeded_demo.report


def pilot(slug: str) -> Project:
    return db.session.scalar(select(Project).where(Project.slug == slug))


def test_the_demo_pilots_get_ratings_and_adoptions(demo):
    assert db.session.scalar(select(func.count()).select_from(Rating)) >= 40
    assert db.session.scalar(select(func.count()).select_from(Adoption)) >= 20
    rated = db.session.scalar(select(func.count()).where(Project.score.is_not(None)))
    assert rated >= 15
    scored = [
        p.score for p in db.session.scalars(select(Project).where(Project.score.is_not(None)))
    ]
    assert max(scored) - min(scored) > 1.0  # spread, not everything at 3


def test_the_showcase_pilot_is_ready_and_has_verified_adopters(app, demo):
    wmo = pilot("wmo-chatbot-utrecht")
    assert wmo.rating_org_count >= 5
    assert wmo.adopter_count >= 3
    assert wmo.score >= 3.5
    with app.test_request_context():
        panel = reuse_panel(wmo)
    assert any(row.verified for row in panel.ratings)
    assert panel.effort.hours_reports >= 1
    assert len(panel.history) >= 3


def test_peers_disagree_about_the_algorithm_register(app, demo):
    with app.test_request_context():
        contested = reuse_panel(pilot("algoritmeregister-amsterdam"))
        agreed = reuse_panel(pilot("brp-inzage-leiden"))
    assert contested.disagreement > agreed.disagreement


def test_no_rating_or_adoption_comes_from_a_pilots_own_organisations(demo):
    for rating in db.session.scalars(select(Rating)):
        project = db.session.get(Project, rating.project_id)
        assert rating.organisation_id not in project.member_organisation_ids
    for adoption in db.session.scalars(select(Adoption)):
        project = db.session.get(Project, adoption.project_id)
        assert adoption.organisation_id not in project.member_organisation_ids


def test_the_stored_aggregates_of_the_demo_are_true(demo):
    prior = scores.Prior()
    for project in db.session.scalars(select(Project)):
        result, adopters = scores.compute(project.id, prior)
        assert project.score == pytest.approx(result.score)
        assert project.adopter_count == adopters


def test_seeding_again_adds_nothing(demo):
    again = seed_reuse(db.session, password_hash=hash_password("x"))
    assert (again.ratings, again.adoptions, again.users) == (0, 0, 0)
