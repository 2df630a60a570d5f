"""The site as the page benchmark serves it: `gunicorn bench.pages_app:app`.

The register's own app, with a bare Flask page mounted at `/__bare` in the
same process (so both run under the same gunicorn, workers and settings),
and two response headers added to every answer: the worker's CPU time for
the request (`X-Bench-CPU-us`, from the process clock, not the 10 ms
clock ticks of /proc) and the number of SQL statements it ran
(`X-Bench-Statements`). Only the benchmark serves this module.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from registry import create_app

_statements = [0]


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_args: Any) -> None:
    _statements[0] += 1


bare = Flask("bare")


@bare.route("/")
def hello() -> str:
    return "Hallo"


def measured(wsgi: Callable[..., Iterable[bytes]]) -> Callable[..., Iterable[bytes]]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        _statements[0] = 0
        started = time.process_time()

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            cpu_us = int((time.process_time() - started) * 1_000_000)
            headers.append(("X-Bench-CPU-us", str(cpu_us)))
            headers.append(("X-Bench-Statements", str(_statements[0])))
            return start_response(status, headers, exc_info)

        return wsgi(environ, start)

    return app


registry_app = create_app()
app = measured(DispatcherMiddleware(registry_app.wsgi_app, {"/__bare": bare.wsgi_app}))
