"""The demo catalogue: nominations in every state and a catalogue of at least six standards."""

from __future__ import annotations

from sqlalchemy import func, select

from registry.demo.catalogue import seed_catalogue
from registry.extensions import db
from registry.models import CatalogueEntry, Nomination, NominationState


def test_the_demo_has_every_state_and_a_deprecated_entry_with_a_successor(app, client, seeded_demo):
    report = seeded_demo.report
    states = set(db.session.scalars(select(Nomination.state)))
    assert states == set(NominationState)
    entries = list(db.session.scalars(select(CatalogueEntry)))
    assert report.entries == len(entries) >= 6
    deprecated = [e for e in entries if e.status == "deprecated"]
    assert len(deprecated) == 1
    assert deprecated[0].successor is not None
    html = client.get("/catalogue").get_data(as_text=True)
    assert "In gebruik bij 4 gemeenten" in html


def test_seeding_the_catalogue_twice_adds_nothing(app, seeded_demo):
    seed_catalogue()
    db.session.commit()
    count = db.session.scalar(select(func.count()).select_from(Nomination))
    again = seed_catalogue()
    assert again.nominations == 0
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == count
