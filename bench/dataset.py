"""Loading generated pilots into a database, the way the app stores them.

Rows are inserted in bulk with SQLAlchemy Core-style statements (no session
events), so loading is quick and the index is then built by the app's own
`reindex` code path from the database, as an operator would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from sqlalchemy import insert, select

from bench.generate import GeneratedPilot, Generator, municipalities
from registry.extensions import db
from registry.models import Organisation, Project, ProjectTag, ProjectTheme, project_partner
from registry.models.vocab import OrgKind, Visibility

SHARED_MUNICIPALITIES = Path(__file__).resolve().parents[2] / "shared" / "data" / "gemeenten.csv"


def _batches(items: Iterator[GeneratedPilot], size: int) -> Iterator[list[GeneratedPilot]]:
    while batch := list(islice(items, size)):
        yield batch


def load(size: int, seed: int = 20261129) -> list[GeneratedPilot]:
    """Create `size` published pilots (and the municipalities) in the app's database.

    Returns the pilots without their texts, for building query sets.
    """
    orgs = municipalities(SHARED_MUNICIPALITIES)
    now = datetime.now(UTC)
    db.session.execute(
        insert(Organisation),
        [
            {
                "code": code,
                "name": name,
                "province": province,
                "kind": OrgKind.MUNICIPALITY,
                "active": True,
                "created_at": now,
                "updated_at": now,
            }
            for code, name, province in orgs
        ],
    )
    ids = dict(db.session.execute(select(Organisation.code, Organisation.id)).all())
    generator = Generator(seed, orgs)
    kept: list[GeneratedPilot] = []
    for batch in _batches(generator.pilots(size), 1000):
        db.session.execute(
            insert(Project),
            [
                {
                    "id": p.number,
                    "slug": f"pilot-{p.number}",
                    "title": p.title,
                    "summary": p.summary,
                    "problem": p.problem,
                    "approach": p.approach,
                    "results": p.results,
                    "lessons": p.lessons,
                    "phase": p.phase,
                    "visibility": Visibility.PUBLISHED,
                    "common_ground_layer": p.layer,
                    "owner_id": ids[p.owner],
                    "published_at": p.published_at,
                    "created_at": p.published_at,
                    "updated_at": p.published_at,
                    "score": p.score,
                    "adopter_count": p.adopter_count,
                }
                for p in batch
            ],
        )
        themes = [{"project_id": p.number, "theme": t} for p in batch for t in p.themes]
        tags = [{"project_id": p.number, "tag": t} for p in batch for t in p.tags]
        partners = [
            {"project_id": p.number, "organisation_id": ids[code]}
            for p in batch
            for code in p.partners
        ]
        db.session.execute(insert(ProjectTheme), themes)
        if tags:
            db.session.execute(insert(ProjectTag), tags)
        if partners:
            db.session.execute(insert(project_partner), partners)
        db.session.commit()
        for p in batch:
            p.problem = p.approach = p.results = p.lessons = ""
        kept.extend(batch)
    return kept
