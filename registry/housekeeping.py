"""Expired records, cleared out of requests: a small list of cleaners the worker runs.

A cleaner takes "now", ends or deletes in `db.session` what has run out by
then and says how many records it touched; the runner commits after each
one, so a cleaner that fails holds up none of the others. The worker runs
them every ten minutes and `registry expire` runs them on demand.

Ending sessions and deleting long-dead API tokens are built in. Another
part of the site adds its own cleaner with `register(name, cleaner)` from its
`init_app`, which the app factory calls, so the web processes, the worker
and the commands all run the same list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from registry.extensions import db
from registry.models import utcnow
from registry.services import api_tokens, user_sessions

log = logging.getLogger("registry.housekeeping")

Cleaner = Callable[[datetime], int]

SESSIONS = "sessions"
API_TOKENS = "api_tokens"
_cleaners: dict[str, Cleaner] = {
    SESSIONS: user_sessions.expire,
    API_TOKENS: api_tokens.purge_dead,
}


def register(name: str, cleaner: Cleaner) -> None:
    """Add a cleaner (registering a name again replaces it: a second app is harmless)."""
    _cleaners[name] = cleaner


def names() -> list[str]:
    return list(_cleaners)


@dataclass(frozen=True)
class Outcome:
    name: str
    cleared: int
    error: str = ""


def run(now: datetime | None = None, only: Iterable[str] | None = None) -> list[Outcome]:
    """Run every cleaner (or those named in `only`), each in its own transaction."""
    now = now or utcnow()
    wanted = list(only) if only is not None else names()
    unknown = [name for name in wanted if name not in _cleaners]
    if unknown:
        raise KeyError(f"no cleaner named {', '.join(unknown)}")
    outcomes = []
    for name in wanted:
        try:
            cleared = _cleaners[name](now)
            db.session.commit()
        except Exception as err:  # one broken cleaner must not stop the others
            db.session.rollback()
            log.exception("Cleaner %s failed", name)
            outcomes.append(Outcome(name, 0, f"{type(err).__name__}: {err}"[:300]))
        else:
            outcomes.append(Outcome(name, cleared))
    return outcomes
