"""The task queue: Huey, on SQLite on one host and on Redis with several.

One setting chooses the storage, TASK_QUEUE_URL:

    sqlite:///path/tasks.sqlite   one host (default: tasks.sqlite in the instance folder)
    redis://host:6379/1           several hosts share one queue
    immediate://                  tasks run at once, in the caller (unit tests)

Tasks are declared once, on the module-level `huey`, and `init_app` points
that object at the app's storage; the last app created in a process wins,
which is what a web or worker process needs. A task runs inside an app
context: the caller's when there is one (immediate mode), else the app the
queue was set up with (the worker's consumer threads).

Tasks never trust their own arguments to be current: they take ids and read
the database, so a task that runs twice or late does no harm.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger("registry.tasks")

QUEUE_NAME = "registry"

huey = Huey(QUEUE_NAME, results=False, utc=True, storage_class=MemoryStorage)

_bound: dict[str, Flask] = {}


class QueueConfigError(ValueError):
    """TASK_QUEUE_URL names a storage the queue cannot use."""


def default_url(instance_path: str) -> str:
    return f"sqlite:///{Path(instance_path) / 'tasks.sqlite'}"


def storage_for(url: str) -> tuple[Any, bool]:
    """The Huey storage for TASK_QUEUE_URL, and whether tasks run immediately."""
    scheme = urlsplit(url).scheme
    if scheme == "immediate":
        return MemoryStorage(QUEUE_NAME), True
    if scheme == "sqlite":
        filename = url.removeprefix("sqlite:///")
        if not filename or filename == url:
            raise QueueConfigError(f"TASK_QUEUE_URL {url!r}: use sqlite:///path/to/tasks.sqlite")
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage(QUEUE_NAME, filename=filename, timeout=10), False
    if scheme in {"redis", "rediss", "unix"}:
        return RedisStorage(QUEUE_NAME, url=url), False
    raise QueueConfigError(f"TASK_QUEUE_URL {url!r}: use sqlite:///…, redis://… or immediate://")


def init_app(app: Flask) -> None:
    """Point the queue at the app's storage and load the task definitions."""
    url = app.config.get("TASK_QUEUE_URL") or default_url(app.instance_path)
    storage, immediate = storage_for(url)
    huey.immediate = False
    huey.storage = storage
    huey.immediate = immediate
    _bound["app"] = app
    app.extensions["task_queue"] = huey

    from registry.tasks import jobs, notification_jobs  # noqa: F401  (registers the tasks)


def bound_app() -> Flask:
    return _bound["app"]


def in_app_context(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            return function(*args, **kwargs)
        with bound_app().app_context():
            return function(*args, **kwargs)

    return run


def enqueue(task: Callable[..., Any], *args: Any) -> bool:
    """Put a task on the queue; False (logged) when the queue cannot be reached.

    Callers enqueue only work that a periodic sweep would also find, so a lost
    enqueue delays the work and loses nothing.
    """
    try:
        task(*args)
    except Exception:
        log.exception("Could not enqueue %s%r; the periodic sweep will pick it up", task, args)
        return False
    return True
