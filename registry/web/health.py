"""`GET /healthz`: how the host is doing, for a load balancer and for monitoring.

Always JSON, never a 500: every component is checked on its own and a check
that fails (or raises) makes that component, and the whole answer,
"degraded". Only a database that does not answer makes the status code 503,
so a load balancer takes the host out of rotation; a stale search index or a
mail backlog is a matter for monitoring, and the host keeps serving pages.

A new component (the mail outbox, once mail leaves the request) is one
function added to `CHECKS`.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import func, select

from registry.extensions import db
from registry.models import Organisation, SearchOutbox, utcnow

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)

# Pending search changes older than this mean nobody applies them.
SEARCH_CHANGES_MAX_AGE = timedelta(minutes=5)

Component = dict[str, Any]


def check_database() -> Component:
    # A real table, not `SELECT 1`: SQLite answers that without opening the file.
    db.session.execute(select(Organisation.id).limit(1))
    return {"status": "ok"}


def check_search_index() -> Component:
    """Whoosh keeps the index in a folder this host must be able to write."""
    config = current_app.config
    if config.get("SEARCH_BACKEND", "whoosh") != "whoosh":
        return {"status": "ok", "backend": config["SEARCH_BACKEND"]}
    folder = Path(config["SEARCH_INDEX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        return {"status": "degraded", "backend": "whoosh", "error": os.strerror(err.errno or 0)}
    return {"status": "ok", "backend": "whoosh"}


def check_search_changes() -> Component:
    """Changes wait in the outbox until the index takes them in; old ones mean it stalled."""
    oldest = db.session.scalar(select(func.min(SearchOutbox.created_at)))
    pending = db.session.scalar(select(func.count()).select_from(SearchOutbox))
    if oldest is None:
        return {"status": "ok", "pending": 0}
    if oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=UTC)
    age = utcnow() - oldest
    status = "degraded" if age > SEARCH_CHANGES_MAX_AGE else "ok"
    return {"status": status, "pending": pending, "oldest_seconds": int(age.total_seconds())}


def check_mail() -> Component:
    """Mail is sent inside the request today, so there is no backlog to count yet.

    When mail moves to an outbox, count its rows older than a few minutes
    here, as `check_search_changes` does for the search outbox.
    """
    transport = "smtp" if current_app.config.get("MAIL_SERVER") else "log"
    return {"status": "ok", "transport": transport, "backlog": None}


CHECKS: dict[str, Callable[[], Component]] = {
    "database": check_database,
    "search_index": check_search_index,
    "search_changes": check_search_changes,
    "mail": check_mail,
}


def _run(name: str, check: Callable[[], Component]) -> Component:
    try:
        return check()
    except Exception as err:  # a health check reports a failure, it never raises one
        log.warning("Health check %s failed: %s", name, err, exc_info=err)
        try:
            db.session.rollback()
        except Exception:
            db.session.close()
        return {"status": "degraded", "error": type(err).__name__}


def report() -> tuple[dict[str, Any], int]:
    components = {name: _run(name, check) for name, check in CHECKS.items()}
    healthy = all(c["status"] == "ok" for c in components.values())
    body = {"status": "ok" if healthy else "degraded", "components": components}
    return body, 200 if components["database"]["status"] == "ok" else 503


def database_down(error_id: str):
    """The answer when the database failed before the check could run (in a request hook)."""
    body = {
        "status": "degraded",
        "components": {"database": {"status": "degraded", "error_id": error_id}},
    }
    return jsonify(body), 503


@bp.route("/healthz")
def check():
    body, status = report()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, status


def is_health_check() -> bool:
    return request.endpoint == "health.check"
