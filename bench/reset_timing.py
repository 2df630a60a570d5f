"""Time password-reset requests for a known and an unknown address: `python -m bench.reset_timing`.

The request enqueues one task whatever the address (the worker looks the
address up), so both medians should be the same within noise. Runs the app
in-process with a SQLite database and a SQLite task queue, rate limits off,
alternating the two addresses so drift in the machine's load hits both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300, help="per address")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-reset-"))
    os.environ.update(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite'}",
            "TASK_QUEUE_URL": f"sqlite:///{workdir / 'tasks.sqlite'}",
            "SEARCH_INDEX_DIR": str(workdir / "index"),
            "REGISTRY_INSTANCE_PATH": str(workdir / "instance"),
            "SECRET_KEY": "bench-only-" + "x" * 32,
            "REGISTRY_ENV": "benchmark",
        }
    )
    from registry import create_app, tasks
    from registry.extensions import db
    from registry.models import User
    from registry.services.passwords import hash_password

    app = create_app(
        {
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_LIMIT_PER_ACCOUNT": "1000000 per hour",
            "MAIL_LIMIT_PER_ADDRESS": "1000000 per hour",
        }
    )
    with app.app_context():
        db.create_all()
        db.session.add(
            User(name="Anna", email="anna@utrecht.nl", password_hash=hash_password("x" * 12))
        )
        db.session.commit()
    client = app.test_client()
    addresses = {"known": "anna@utrecht.nl", "unknown": "nobody@utrecht.nl"}
    for _warm in range(20):
        for address in addresses.values():
            client.post("/reset", data={"email": address})
    timings: dict[str, list[float]] = {name: [] for name in addresses}
    for _round in range(args.requests):
        for name, address in addresses.items():
            start = time.perf_counter()
            response = client.post("/reset", data={"email": address})
            timings[name].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302
    for name, spent in timings.items():
        print(
            f"{name:8} median {statistics.median(spent):6.2f} ms  "
            f"p95 {percentile(spent, 0.95):6.2f} ms  (n={len(spent)})"
        )
    print(f"tasks left on the queue: {tasks.huey.pending_count()}")


if __name__ == "__main__":
    main()
