"""Ratings, adoptions, a catalogue and a timeline for generated pilots (the page benchmark).

Loaded in bulk like `bench.dataset`: one member per municipality rates a
few pilots of other municipalities (every criterion scored), adoptions
follow each pilot's generated adopter count, one completed pilot in a
hundred is a standard in the catalogue, and every pilot has a "published"
event. The same seed gives the same rows.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from bench.generate import GeneratedPilot
from registry.extensions import db
from registry.models import (
    Adoption,
    CatalogueEntry,
    CatalogueEntryTheme,
    Criterion,
    Event,
    Organisation,
    Rating,
    RatingScore,
    User,
)
from registry.models.adoption import AdoptionStatus
from registry.models.catalogue import CatalogueStatus
from registry.models.vocab import Role
from registry.services import catalogue, rubric

# A fixed, unusable hash: nobody signs in as a generated member.
NO_PASSWORD = "$argon2id$v=19$m=65536,t=3,p=4$bm9wZQ$bm9wYXNzd29yZG5vcGFzc3dvcmRub3Bhc3N3b3Jk"
RATINGS_PER_PILOT = (0, 0, 1, 1, 2, 3, 4)
CATALOGUE_SHARE = 100  # one pilot in this many becomes a standard


def load(pilots: list[GeneratedPilot], seed: int = 20261130) -> dict[str, int]:
    """Add members, ratings, adoptions, catalogue entries and events; the row counts."""
    r = random.Random(seed)
    rubric.seed_default(db.session)
    db.session.commit()
    criteria = list(db.session.scalars(select(Criterion.id)))
    orgs = dict(db.session.execute(select(Organisation.code, Organisation.id)).all())
    now = datetime.now(UTC)
    db.session.execute(
        insert(User),
        [
            {
                "email": f"lid-{code.lower()}@bench.invalid",
                "name": f"Lid {code}",
                "password_hash": NO_PASSWORD,
                "role": Role.MEMBER,
                "organisation_id": org_id,
                "created_at": now,
                "email_verified_at": now,
            }
            for code, org_id in orgs.items()
        ],
    )
    member_of = dict(db.session.execute(select(User.organisation_id, User.id)).all())
    org_ids = list(orgs.values())
    counts = {"ratings": 0, "adoptions": 0, "entries": 0, "events": 0}
    rating_id = 0
    for start in range(0, len(pilots), 1000):
        batch = pilots[start : start + 1000]
        ratings, scores, adoptions, events = [], [], [], []
        for p in batch:
            owner = orgs[p.owner]
            outside = [o for o in r.sample(org_ids, 12) if o != owner]
            when = p.published_at + timedelta(days=r.randrange(1, 400))
            for org_id in outside[: r.choice(RATINGS_PER_PILOT)]:
                rating_id += 1
                ratings.append(
                    {
                        "id": rating_id,
                        "project_id": p.number,
                        "user_id": member_of[org_id],
                        "organisation_id": org_id,
                        "comment": "Goed overdraagbaar, de documentatie is helder.",
                        "created_at": when,
                        "updated_at": when,
                    }
                )
                scores.extend(
                    {"rating_id": rating_id, "criterion_id": c, "value": r.randint(1, 5)}
                    for c in criteria
                )
            adopters = outside[-(p.adopter_count + 1) :] if p.adopter_count else []
            for n, org_id in enumerate(adopters):
                status = AdoptionStatus.INTERESTED if n == 0 else AdoptionStatus.IN_USE
                adoptions.append(
                    {
                        "project_id": p.number,
                        "organisation_id": org_id,
                        "status": status,
                        "hours": r.choice([None, 40, 120, 300]),
                        "cost_euros": r.choice([None, 5000, 25000]),
                        "months": r.choice([None, 2, 6]),
                        "prerequisites": "",
                        "notes": "",
                        "created_at": when,
                        "updated_at": when,
                    }
                )
            events.append(
                {
                    "created_at": p.published_at,
                    "actor_id": member_of[owner],
                    "organisation_id": owner,
                    "verb": "published",
                    "subject_type": "project",
                    "subject_id": p.number,
                    "payload": {},
                }
            )
        for table, rows in (
            (Rating, ratings),
            (RatingScore, scores),
            (Adoption, adoptions),
            (Event, events),
        ):
            if rows:
                db.session.execute(insert(table), rows)
        db.session.commit()
        counts["ratings"] += len(ratings)
        counts["adoptions"] += len(adoptions)
        counts["events"] += len(events)
    standards = [p for p in pilots if p.phase == "completed"][:: CATALOGUE_SHARE // 5 or 1]
    standards = standards[: max(1, len(pilots) // CATALOGUE_SHARE)]
    entries = [
        {
            "id": n,
            "slug": f"standaard-{p.number}",
            "name": p.title,
            "description": p.summary,
            "maintainer_id": orgs[p.owner],
            "version": "1.0",
            "standard_since": date(2024, 1, 1) + timedelta(days=n),
            "origin_project_id": p.number,
            "status": CatalogueStatus.ACTIVE if n % 10 else CatalogueStatus.DEPRECATED,
            "status_reason": "",
            "common_ground_layer": p.layer,
            "licence": "EUPL-1.2",
            "created_at": now,
            "updated_at": now,
            "revision": 1,
        }
        for n, p in enumerate(standards, start=1)
    ]
    if entries:
        db.session.execute(insert(CatalogueEntry), entries)
        db.session.execute(
            insert(CatalogueEntryTheme),
            [
                {"entry_id": n, "theme": theme}
                for n, p in enumerate(standards, start=1)
                for theme in p.themes
            ],
        )
        catalogue.refresh_adopter_count()  # as adopting through the site keeps it
    db.session.commit()
    counts["entries"] = len(entries)
    return counts
