"""A save's cost with the search index kept current: `python -m bench.save_timing`.

The number in bench/RESULTS.md ("a save adds ≤ 50 ms") is the time to apply
a save's search change after its commit. Merging Whoosh's small segments
used to happen inside some of those saves (the slow tail); now a save only
adds its segment and the worker merges the small ones every minute. This
runs `--saves` saves on an index of `--size` generated pilots, with the
worker's merge every `--merge-every` saves (0: never, as without a worker),
and prints p50 and p95 of the wall-clock and CPU time of each save's sync.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--merge-every", type=int, default=10)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-save-"))
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite'}",
            "SEARCH_INDEX_DIR": str(workdir / "index"),
            "REGISTRY_INSTANCE_PATH": str(workdir / "instance"),
            "SECRET_KEY": "bench-only-" + "x" * 32,
            "REGISTRY_ENV": "benchmark",
        }
    )
    from bench.dataset import load
    from registry import create_app
    from registry.extensions import db
    from registry.models import Project
    from registry.search import service

    app = create_app()
    try:
        with app.app_context():
            db.create_all()
            load(args.size)
            search = service()
            search.rebuild()
            wall, cpu, segments = [], [], []
            for n in range(args.saves):
                project = db.session.get(Project, 1 + (n * 97) % args.size)
                project.title = f"Bewaard{n}woord {project.title}"[:200]
                db.session.commit()
                start, start_cpu = time.perf_counter(), time.process_time()
                search.sync()
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                segments.append(search.backend.status().segments)
                if args.merge_every and (n + 1) % args.merge_every == 0:
                    search.merge_segments(timeout=10.0, small_only=True)
            print(
                f"{args.saves} saves on {args.size} pilots, worker merge every "
                f"{args.merge_every or 'never'}: wall p50 {percentile(wall, 0.5):.1f} / "
                f"p95 {percentile(wall, 0.95):.1f} ms, CPU p50 {percentile(cpu, 0.5):.1f} / "
                f"p95 {percentile(cpu, 0.95):.1f} ms, max {max(wall):.1f} ms, "
                f"segments at most {max(segments)}"
            )
            search.backend.close()
            db.session.remove()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
