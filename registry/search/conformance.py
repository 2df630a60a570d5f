"""Both backends keep to the `SearchBackend` protocol, checked by mypy (`make lint`).

Nothing imports this module at run time: `create_backend` returns either
backend as a `SearchBackend`, and the functions below make mypy fail on the
backend that drifts (a parameter added, renamed or retyped) however that
factory changes.
"""

from __future__ import annotations

from registry.search.interface import SearchBackend
from registry.search.postgres_backend import PostgresBackend
from registry.search.whoosh_backend import WhooshBackend


def _whoosh(backend: WhooshBackend) -> SearchBackend:
    return backend


def _postgres(backend: PostgresBackend) -> SearchBackend:
    return backend
