"""Measure search at one size: `python -m bench.measure --size 10000 --out result.json`.

Runs in its own process (the orchestrator, bench/run.py, starts one per
size) so peak memory belongs to that size alone. Steps: load N generated
pilots into SQLite, `reindex` through the app, then time each query set on
the raw searcher in-process and over HTTP through the app served by
gunicorn, time saves until searchable, and run the same data and queries
on SQLite FTS5 for comparison.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench import fts5
from bench.dataset import load

ROOT = Path(__file__).resolve().parent.parent

# Query sets by selectivity. Hit counts are measured and reported, not assumed.
QUERIES: dict[str, list[str]] = {
    "rare": ["zwerfafvalrobot", "kwelderherstel"],
    "common": ["gemeente", "inwoners"],
    "two words": ["digitale loket", "kwetsbare ouderen"],
    "phrase": ['"slimme sensoren"'],
    "typo": ["wachtlijstn", "fietspadn"],
    "prefix": ["fietsp"],
    "english": ["cycling lanes"],
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def timings(run, repeats: int, warmup: int = 2, cpu_of=time.process_time) -> dict[str, float]:
    """Wall-clock p50/p95, and CPU time (of this process, or of `cpu_of`) per run.

    On a busy machine wall-clock time includes waiting for a core; CPU time
    is close to what the same run takes on an idle one.
    """
    for _ in range(warmup):
        run()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), cpu_of()
        run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((cpu_of() - start_cpu) * 1000)
    return {
        "p50": percentile(wall, 0.5),
        "p95": percentile(wall, 0.95),
        "cpu_p50": percentile(cpu, 0.5),
        "cpu_p95": percentile(cpu, 0.95),
        "cpu_mean": sum(cpu) / len(cpu),
    }


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_of(pid: int) -> dict[str, float]:
    """Resident memory in MB: total, peak, private (anonymous), file-backed (mapped files)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (clock-tick resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


class Server:
    """The app under gunicorn, one sync worker, as deployed."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str) -> bytes:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            return body
        finally:
            connection.close()

    def worker_memory(self) -> dict[str, float]:
        workers = children_of(self.process.pid)
        return rss_of(workers[0]) if workers else {}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def measure(size: int, repeats: int, procs: int, workdir: Path) -> dict:
    from registry import create_app
    from registry.extensions import db
    from registry.models import Project
    from registry.search import service
    from registry.search.interface import SearchQuery

    database = workdir / "bench.sqlite"
    index_dir = workdir / "index"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SEARCH_INDEX_DIR": str(index_dir),
        "REGISTRY_INSTANCE_PATH": str(workdir / "instance"),
        "SECRET_KEY": "bench-only-" + "x" * 32,
        "REGISTRY_ENV": "benchmark",
    }
    os.environ.update(env)
    app = create_app({"SEARCH_INDEX_PROCS": procs})
    result: dict = {"size": size, "procs": procs}
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        pilots = load(size)
        result["load_seconds"] = time.perf_counter() - started

        search = service()
        started, started_cpu = time.perf_counter(), time.process_time()
        search.rebuild()
        result["reindex_seconds"] = time.perf_counter() - started
        result["reindex_cpu_seconds"] = time.process_time() - started_cpu
        result["reindex_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["index_mb"] = directory_size(index_dir) / 1e6
        result["segments_after_reindex"] = search.backend.status().segments

        backend = search.backend
        raw: dict[str, dict] = {}
        for kind, texts in QUERIES.items():
            for text in texts:
                query = SearchQuery(text=text, per_page=20)
                hits = backend.search(query).total
                raw[text] = {
                    "kind": kind,
                    "hits": hits,
                    **timings(lambda q=query: backend.search(q), repeats),
                }
        cold = time.perf_counter()
        backend.suggest("wachtlijstn")
        suggest_cold = (time.perf_counter() - cold) * 1000
        suggest = {t: timings(lambda t=t: backend.suggest(t), repeats) for t in QUERIES["typo"]}
        result["suggest"] = {
            "cold_ms": suggest_cold,
            "examples": {t: backend.suggest(t) for t in QUERIES["typo"]},
            **suggest,
        }
        result["raw"] = raw
        result["facet_only_theme"] = timings(
            lambda: backend.search(SearchQuery(text="", filters={"theme": ("energy_climate",)})),
            repeats,
        )

        # A save: the outbox sync after the commit, then how soon it is found.
        saves, saves_cpu, visible = [], [], []
        for n in range(20):
            project = db.session.get(Project, 1 + n * max(1, size // 20))
            project.title = f"Bewaard{n}woord {project.title}"
            db.session.commit()
            start, start_cpu = time.perf_counter(), time.process_time()
            search.sync()
            saves.append((time.perf_counter() - start) * 1000)
            saves_cpu.append((time.process_time() - start_cpu) * 1000)
            assert backend.search(SearchQuery(text=f"bewaard{n}woord")).total == 1
            visible.append((time.perf_counter() - start) * 1000)
        result["save_sync_ms"] = {
            "p50": percentile(saves, 0.5),
            "p95": percentile(saves, 0.95),
            "cpu_p50": percentile(saves_cpu, 0.5),
            "cpu_p95": percentile(saves_cpu, 0.95),
        }
        result["load_average"] = os.getloadavg()
        result["save_to_searchable_ms"] = {"max": max(visible), "p95": percentile(visible, 0.95)}
        result["segments_after_saves"] = backend.status().segments
        backend.close()
        db.session.remove()

    server = Server(env)
    try:
        over_http: dict[str, dict] = {}
        worker = children_of(server.process.pid)[0]
        for text in raw:
            path = "/search?" + urllib.parse.urlencode({"q": text})
            over_http[text] = timings(
                lambda p=path: server.get(p), repeats, cpu_of=lambda: cpu_seconds(worker)
            )
        result["http"] = over_http
        result["worker_memory_mb"] = server.worker_memory()
    finally:
        server.stop()

    result["fts5"] = fts5.measure(workdir / "fts5.sqlite", database, QUERIES, repeats, timings)
    result["generated"] = len(pilots)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--repeats", type=int, default=25)
    parser.add_argument("--procs", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{args.size}-"))
    try:
        result = measure(args.size, args.repeats, args.procs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    args.out.write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
