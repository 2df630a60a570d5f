"""`url_for` for templates: the path of a page, built once and kept.

Flask builds every address anew through its URL map (some microseconds
each), and a list page links each of its items a few times: a page of
pilots or standards spent a tenth of its time building addresses. A path
depends only on the endpoint, its arguments and where the site is mounted
(the request's script root), so those are the key. Anything else (an
external address, an anchor, a list argument, no request at all) goes to
Flask's `url_for` as before.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import has_request_context, request, url_for

KEEP = 8192  # paths kept per process


def path_for(endpoint: str, **values: Any) -> str:
    if not has_request_context() or any(name.startswith("_") for name in values):
        return url_for(endpoint, **values)
    try:
        # The type is part of the key: 1, 1.0 and True are equal keys but not equal paths.
        key = tuple((name, type(value), value) for name, value in sorted(values.items()))
        hash(key)
    except TypeError:  # a list argument (repeated query parameters)
        return url_for(endpoint, **values)
    return _kept(request.script_root, endpoint, key)


@lru_cache(maxsize=KEEP)
def _kept(script_root: str, endpoint: str, values: tuple[tuple[str, type, Any], ...]) -> str:
    return url_for(endpoint, **{name: value for name, _, value in values})
