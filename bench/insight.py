"""The insight benchmark: `python -m bench.insight [--postgres] [--repeats 30]`.

Loads 10,000 generated pilots and 342 municipalities (bench/dataset.py),
then adds what the insight pages read: 50,000 adoptions skewed towards
popular pilots, ratings, nominations and catalogue entries. It times the
statistics figures and page (counted afresh and from the cache), a
municipality's opportunities and its whole organisation page, and the
"also adopted" query of the most used pilot, and counts the SQL statements
of each. Not part of the test suite; the numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, insert, select, update

from bench import dataset
from bench.measure import timings
from registry import create_app
from registry.extensions import db
from registry.models import (
    Adoption,
    CatalogueEntry,
    Nomination,
    Organisation,
    Project,
    Rating,
    User,
    project_partner,
)
from registry.services import also_adopted, opportunities, statistics

ROOT = Path(__file__).resolve().parent.parent
PILOTS = 10_000
ADOPTIONS = 50_000
RATINGS = 20_000
NOMINATIONS = 600
ENTRIES = 250
STATUSES = ("in_use",) * 14 + ("preparing",) * 3 + ("interested",) * 2 + ("stopped",)
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def shared_municipalities() -> Path:
    """The real CBS list, beside the checkout or beside the folder of work trees."""
    for folder in (ROOT.parent, ROOT.parent.parent):
        path = folder / "shared" / "data" / "gemeenten.csv"
        if path.exists():
            return path
    return dataset.SHARED_MUNICIPALITIES


@contextmanager
def database(postgres: bool) -> Iterator[str]:
    if not postgres:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/insight.sqlite"
        return
    name = f"insight_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


def add_reuse(seed: int = 15) -> dict[str, Any]:
    """Adoptions, ratings, nominations and catalogue entries on top of the loaded pilots."""
    r = random.Random(seed)
    orgs = list(db.session.execute(select(Organisation.id, Organisation.code)).all())
    org_ids = [org_id for org_id, _code in orgs]
    pilots = list(
        db.session.execute(select(Project.id, Project.owner_id, Project.phase, Project.title)).all()
    )
    partners: dict[int, set[int]] = {}
    for pid, oid in db.session.execute(
        select(project_partner.c.project_id, project_partner.c.organisation_id)
    ):
        partners.setdefault(pid, set()).add(oid)
    members = {pid: {owner} | partners.get(pid, set()) for pid, owner, _phase, _title in pilots}
    # Popular pilots are reused far more often than the rest.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(pilots))]
    order = list(pilots)
    r.shuffle(order)
    now = datetime(2026, 11, 1, tzinfo=UTC)

    users = [
        {
            "email": f"bench{n}@example.nl",
            "name": f"Gebruiker {n}",
            "password_hash": "x",
            "role": "member",
            "organisation_id": org_id,
            "created_at": now,
        }
        for n, org_id in enumerate(org_ids)
    ]
    db.session.execute(insert(User), users)
    user_of = dict(db.session.execute(select(User.organisation_id, User.id)).all())

    pairs: set[tuple[int, int]] = set()
    rows = []
    while len(rows) < ADOPTIONS:
        pid = r.choices(order, weights=weights)[0][0]
        org_id = r.choice(org_ids)
        if org_id in members[pid] or (pid, org_id) in pairs:
            continue
        pairs.add((pid, org_id))
        created = datetime(2020, 1, 1, tzinfo=UTC) + timedelta(minutes=r.randrange(3_500_000))
        rows.append(
            {
                "project_id": pid,
                "organisation_id": org_id,
                "status": r.choice(STATUSES),
                "hours": r.choice([None, r.randint(10, 400)]),
                "cost_euros": r.choice([None, r.randint(0, 50_000)]),
                "prerequisites": "",
                "notes": "",
                "created_at": created,
                "updated_at": created,
            }
        )
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(Adoption), rows[start : start + 5000])

    ratings, rated = [], set()
    while len(ratings) < RATINGS:
        pid = r.choices(order, weights=weights)[0][0]
        org_id = r.choice(org_ids)
        if org_id in members[pid] or (pid, org_id) in rated:
            continue
        rated.add((pid, org_id))
        ratings.append(
            {
                "project_id": pid,
                "user_id": user_of[org_id],
                "organisation_id": org_id,
                "comment": "",
                "created_at": now,
                "updated_at": now,
            }
        )
    for start in range(0, len(ratings), 5000):
        db.session.execute(insert(Rating), ratings[start : start + 5000])

    completed = [p for p in order if p[2] == "completed"]
    nominated = completed[:NOMINATIONS]
    db.session.execute(
        insert(Nomination),
        [
            {
                "project_id": pid,
                "nominator_id": None,
                "motivation": "Bewezen en overdraagbaar.",
                "state": "accepted" if i < ENTRIES else r.choice(["submitted", "rejected"]),
                "created_at": now,
            }
            for i, (pid, _owner, _phase, _title) in enumerate(nominated)
        ],
    )
    db.session.execute(
        insert(CatalogueEntry),
        [
            {
                "slug": f"standaard-{pid}",
                "name": title[:200],
                "description": "",
                "maintainer_id": owner,
                "version": "1.0",
                "standard_since": date(2021, 1, 1) + timedelta(days=r.randrange(2000)),
                "origin_project_id": pid,
                "status": "active" if r.random() < 0.9 else "deprecated",
                "created_at": now,
                "updated_at": now,
                "revision": 1,
            }
            for pid, owner, _phase, title in nominated[:ENTRIES]
        ],
    )
    # The stored adopter counts, as the adoption service keeps them.
    in_use = (
        select(sa.func.count())
        .select_from(Adoption)
        .where(Adoption.project_id == Project.id, Adoption.status == "in_use")
        .scalar_subquery()
    )
    db.session.execute(update(Project).values(adopter_count=in_use))
    db.session.commit()
    return {"users": len(users), "adoptions": len(rows), "ratings": len(ratings)}


@contextmanager
def counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)


def measure(name: str, run: Callable[[], object], repeats: int) -> dict[str, Any]:
    """Statements of one run after a first (which fills caches), then the timings."""
    run()
    with counting() as statements:
        run()
    result = timings(run, repeats)
    result = {key: round(value, 1) for key, value in result.items()}
    return {"name": name, "statements": len(statements), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="on PostgreSQL, not SQLite")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    dataset.SHARED_MUNICIPALITIES = shared_municipalities()

    with database(args.postgres) as url, tempfile.TemporaryDirectory() as instance:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "bench-" + "x" * 40,
                "SEARCH_INDEX_DIR": f"{instance}/index",
                "TASK_QUEUE_URL": "immediate://",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        results: list[dict[str, Any]] = []
        with app.app_context():
            db.create_all()
            dataset.load(PILOTS)
            sizes = add_reuse()
            if args.postgres:
                # What autovacuum does to a table that grew: statistics and a visibility map.
                db.session.remove()
                with db.engine.connect().execution_options(
                    isolation_level="AUTOCOMMIT"
                ) as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            client = app.test_client()
            r = random.Random(7)
            codes = [
                c
                for (c,) in db.session.execute(
                    select(Organisation.code).where(Organisation.kind == "municipality")
                )
            ]
            sample = r.sample(codes, 20)
            sample_orgs = [
                db.session.scalar(select(Organisation).filter_by(code=c)) for c in sample
            ]
            cycle = iter(range(10**9))
            busiest = db.session.scalar(
                select(Project.id).order_by(Project.adopter_count.desc()).limit(1)
            )

            def page(path: str) -> Callable[[], object]:
                def get() -> object:
                    response = client.get(path)
                    assert response.status_code == 200, (path, response.status_code)
                    return response

                return get

            def next_org_page() -> object:
                return page(f"/organisations/{sample[next(cycle) % len(sample)]}")()

            def next_opportunities() -> object:
                return opportunities.for_municipality(sample_orgs[next(cycle) % len(sample)])

            app.config["STATISTICS_CACHE_SECONDS"] = 0
            results.append(
                measure("statistics figures (service, uncached)", statistics.figures, args.repeats)
            )
            results.append(measure("/statistics (uncached)", page("/statistics"), args.repeats))
            app.config["STATISTICS_CACHE_SECONDS"] = 300
            app.extensions.pop("statistics_cache", None)
            # The first request after the cache expires counts afresh (the uncached line).
            results.append(
                measure("/statistics (cached, 5 min)", page("/statistics"), args.repeats)
            )
            results.append(
                measure(
                    "opportunities (service, 20 municipalities)", next_opportunities, args.repeats
                )
            )
            results.append(
                measure(
                    "/organisations/<code> (whole page, 20 municipalities)",
                    next_org_page,
                    args.repeats,
                )
            )
            results.append(
                measure(
                    "also adopted (service, most used pilot)",
                    lambda: also_adopted.for_project(busiest, minimum=3),
                    args.repeats,
                )
            )
            db.session.remove()
            db.engine.dispose()  # before the database is dropped
        report = {
            "database": "postgresql" if args.postgres else "sqlite",
            "pilots": PILOTS,
            "municipalities": len(codes),
            **sizes,
            "results": results,
        }
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
