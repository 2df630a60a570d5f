"""The search benchmark on the PostgreSQL backend:
`python -m bench.postgres_search [--sizes 1000,10000,50000,100000] [--whoosh-sizes 100000]`.

The same generated pilots (bench/dataset.py, same seed) and the same query
sets (bench/measure.py) as the Whoosh benchmark. Per size: a fresh
PostgreSQL database upgraded by the migrations, the pilots loaded, the search
documents rebuilt through the app, then each query with all facets and
highlighting timed through the backend in-process and over HTTP through
gunicorn, "Bedoelde u", and saves (the document is written inside the
saving transaction, so a save is searchable once it returns). With
--whoosh-sizes, Whoosh is timed in-process on the same database for those
sizes. Writes bench/results-postgres.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import sqlalchemy as sa

from bench.dataset import load
from bench.measure import QUERIES, Server, percentile, timings

HERE = Path(__file__).resolve().parent
ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def create_database() -> tuple[str, sa.Engine]:
    admin = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"registry_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    return url, admin


def drop_database(url: str, admin: sa.Engine) -> None:
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def query_timings(backend, repeats: int) -> dict[str, dict]:
    from registry.search.interface import SearchQuery

    raw = {}
    for kind, texts in QUERIES.items():
        for text in texts:
            query = SearchQuery(text=text, per_page=20)
            raw[text] = {
                "kind": kind,
                "hits": backend.search(query).total,
                **timings(lambda q=query: backend.search(q), repeats),
            }
    raw["(theme filter, no words)"] = {
        "kind": "facet only",
        "hits": backend.search(SearchQuery(filters={"theme": ("energy_climate",)})).total,
        **timings(
            lambda: backend.search(SearchQuery(filters={"theme": ("energy_climate",)})), repeats
        ),
    }
    return raw


def measure(size: int, repeats: int, with_whoosh: bool, workdir: Path) -> dict:
    from flask_migrate import upgrade

    from registry import create_app
    from registry.extensions import db
    from registry.models import Project
    from registry.search import service
    from registry.search.interface import SearchQuery
    from registry.search.whoosh_backend import WhooshBackend

    url, admin = create_database()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SEARCH_BACKEND": "postgres",
        "REGISTRY_INSTANCE_PATH": str(workdir / "instance"),
        "SECRET_KEY": "bench-only-" + "x" * 32,
        "REGISTRY_ENV": "benchmark",
    }
    os.environ.update(env)
    result: dict = {"size": size}
    try:
        app = create_app()
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            load(size)
            result["load_seconds"] = time.perf_counter() - started
            search = service()
            started = time.perf_counter()
            search.rebuild()
            result["reindex_seconds"] = time.perf_counter() - started
            result["table_mb"] = (
                db.session.scalar(
                    sa.text(
                        "SELECT pg_total_relation_size('search.document')"
                        " + pg_total_relation_size('search.word')"
                    )
                )
                / 1e6
            )
            db.session.commit()
            backend = search.backend
            result["raw"] = query_timings(backend, repeats)
            result["suggest"] = {
                t: {
                    "suggestion": backend.suggest(t),
                    **timings(lambda t=t: backend.suggest(t), repeats),
                }
                for t in QUERIES["typo"]
            }
            saves = []
            for n in range(20):
                project = db.session.get(Project, 1 + n * max(1, size // 20))
                project.title = f"Bewaard{n}woord {project.title}"
                start = time.perf_counter()
                db.session.commit()  # writes the search document in the same transaction
                saves.append((time.perf_counter() - start) * 1000)
                assert backend.search(SearchQuery(text=f"bewaard{n}woord")).total == 1
            result["save_commit_ms"] = {
                "p50": percentile(saves, 0.5),
                "p95": percentile(saves, 0.95),
            }
            if with_whoosh:
                whoosh = WhooshBackend(workdir / "whoosh", procs=2)
                started = time.perf_counter()
                from registry.search.documents import all_documents

                whoosh.rebuild(all_documents(db.session))
                result["whoosh_reindex_seconds"] = time.perf_counter() - started
                result["whoosh_raw"] = query_timings(whoosh, repeats)
                whoosh.close()
            db.session.remove()
            db.engine.dispose()
        server = Server(env)
        try:
            result["http"] = {}
            for texts in QUERIES.values():
                for text in texts:
                    path = "/search?" + urllib.parse.urlencode({"q": text})
                    result["http"][text] = timings(lambda p=path: server.get(p), repeats)
        finally:
            server.stop()
    finally:
        drop_database(url, admin)
    return result


def markdown(results: list[dict]) -> str:
    lines = [
        "| pilots | reindex | query | kind | hits | in-process p50 / p95 | /search p50 / p95 |"
        " Whoosh in-process p50 / p95 |",
        "|---:|---:|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for text, m in r["raw"].items():
            http = r["http"].get(text)
            whoosh = r.get("whoosh_raw", {}).get(text)
            lines.append(
                f"| {r['size']:,} | {r['reindex_seconds']:.0f} s | `{text}` | {m['kind']} | "
                f"{m['hits']:,} | {m['p50']:.1f} / {m['p95']:.1f} ms | "
                + (f"{http['p50']:.0f} / {http['p95']:.0f} ms | " if http else "– | ")
                + (f"{whoosh['p50']:.1f} / {whoosh['p95']:.1f} ms |" if whoosh else "– |")
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000,100000")
    parser.add_argument("--whoosh-sizes", default="", help="sizes at which to time Whoosh too")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--out", type=Path, default=HERE / "results-postgres.json")
    args = parser.parse_args()
    whoosh_sizes = {int(s) for s in args.whoosh_sizes.split(",") if s}
    results = []
    load_before = os.getloadavg()
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"bench-pg-{size}-") as workdir:
            results.append(measure(size, args.repeats, size in whoosh_sizes, Path(workdir)))
        args.out.write_text(
            json.dumps(
                {"load_average_at_start": load_before, "results": results}, indent=2, default=str
            )
        )
        print(markdown(results[-1:]), flush=True)
    print(markdown(results))


if __name__ == "__main__":
    main()
