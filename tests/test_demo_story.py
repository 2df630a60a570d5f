"""The demo tells one consistent story, and is searchable as soon as it is seeded."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

import pytest
from sqlalchemy import select

from registry.extensions import db
from registry.models import Adoption, CatalogueEntry, Event, Rating, User, utcnow


@pytest.fixture
def seeded(app, seeded_demo):
    """`registry seed-demo` on an empty database: what it printed, and the database it left."""
    return seeded_demo


def test_no_standard_is_one_before_the_curator_accepted_it(seeded):
    entries = db.session.scalars(select(CatalogueEntry)).all()
    assert len(entries) >= 5
    today = utcnow().date()
    for entry in entries:
        assert entry.nomination is not None, entry.slug
        decided = entry.nomination.decided_at.date()
        assert decided <= entry.standard_since <= today, entry.slug


def test_adoptions_lie_in_the_past_spread_like_the_rest(seeded):
    adoptions = db.session.scalars(select(Adoption)).all()
    assert len(adoptions) >= 20
    now = utcnow()
    assert all(a.created_at <= a.updated_at <= now for a in adoptions)
    last_day = [a for a in adoptions if a.created_at > now - timedelta(days=1)]
    assert len(last_day) <= len(adoptions) // 10, "adoptions bunched on the day of the seed"
    assert len({a.created_at.date() for a in adoptions}) >= len(adoptions) * 0.8


def test_adoptions_of_a_standard_follow_its_acceptance(seeded):
    for entry in db.session.scalars(select(CatalogueEntry)):
        for adoption in db.session.scalars(
            select(Adoption).where(Adoption.project_id == entry.origin_project_id)
        ):
            event = db.session.scalar(
                select(Event)
                .where(Event.verb == "adopted", Event.subject_id == adoption.project_id)
                .where(Event.organisation_id == adoption.organisation_id)
                .order_by(Event.id.desc())
            )
            assert event is not None
            assert event.created_at == adoption.updated_at


def test_no_comment_is_repeated_across_organisations(seeded):
    organisations_saying: dict[str, set[int]] = defaultdict(set)
    rows = db.session.execute(
        select(Rating.comment, User.organisation_id).join(User, Rating.user_id == User.id)
    )
    for comment, organisation_id in rows:
        if comment:
            organisations_saying[comment].add(organisation_id)
    assert len(organisations_saying) >= 15
    repeated = {c: o for c, o in organisations_saying.items() if len(o) > 1}
    assert repeated == {}


def test_seed_demo_builds_the_search_index(seeded, client, caplog):
    assert "Zoekindex opgebouwd" in seeded.output
    with caplog.at_level(logging.INFO, logger="registry.search"):
        html = client.get("/search?q=chatbot").get_data(as_text=True)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert 'href="/projects/wmo-chatbot-utrecht"' in html
    assert "De zoekindex wordt op dit moment opnieuw opgebouwd" not in html
