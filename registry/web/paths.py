"""`url_for` for templates: the path of a page, built once and kept.

Flask builds every address anew through its URL map (some microseconds
each), and a list page links each of its items a few times: a page of
pilots or standards spent a tenth of its time building addresses. A path
depends only on the app, the endpoint, its arguments and where the site is
mounted (the request's script root), so those are the key. Anything else
(an external address, an anchor, a list argument, no request at all) goes
to Flask's `url_for` as before, and so does a long argument: the sign-in
link carries the visitor's own address, and a cache of those would fill
with whatever addresses a crawler invents.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask, current_app, has_request_context, request, url_for

KEEP = 8192  # paths kept per app and process
LONGEST_KEPT = 200  # characters of all arguments together


# Arguments of these types are kept; any other (a list, an object) goes to Flask.
KEPT_TYPES = frozenset({str, int, float, bool, type(None)})


def path_for(endpoint: str, **values: Any) -> str:
    if not has_request_context():
        return url_for(endpoint, **values)
    # The type is part of the key: 1, 1.0 and True are equal keys but not equal paths.
    key = []
    length = 0
    for name in sorted(values):
        value = values[name]
        kind = type(value)
        if name[0] == "_" or kind not in KEPT_TYPES:
            return url_for(endpoint, **values)
        length += len(value) if kind is str else 1
        key.append((name, kind, value))
    if length > LONGEST_KEPT:
        return url_for(endpoint, **values)
    return current_app.extensions["kept_paths"](request.script_root, endpoint, tuple(key))


def init_app(app: Flask) -> None:
    @lru_cache(maxsize=KEEP)
    def kept(script_root: str, endpoint: str, values: tuple[tuple[str, type, Any], ...]) -> str:
        return url_for(endpoint, **{name: value for name, _, value in values})

    app.extensions["kept_paths"] = kept
    app.jinja_env.globals["url_for"] = path_for
