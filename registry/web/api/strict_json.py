"""Request bodies read strictly: JSON only, one meaning per document.

Python's `json` accepts what other parsers read differently or not at all:
`NaN` and `Infinity`, numbers that overflow to infinity (`1e309`), and a key
given twice (the last one wins silently). Each of those is refused here with
a 400, as is a body that is not `application/json`, a body nested deeper than
any of ours, and a body larger than `API_MAX_BODY_BYTES` (413, before parsing).
"""

from __future__ import annotations

import json
import math
from typing import Any

from flask import current_app, request
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType

from registry.translation import lazy_gettext as _l

MAX_DEPTH = 8


class _Refused(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _Refused(_l("De sleutel ‘%(key)s’ komt twee keer voor.", key=key[:50]))
        result[key] = value
    return result


def _constant(name: str) -> Any:
    raise _Refused(_l("%(value)s is geen geldig JSON-getal.", value=name))


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(_l("Het getal %(value)s is te groot.", value=text[:30]))
    return value


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def load_body() -> Any:
    """The request's JSON body, or an HTTP error that says what is wrong with it."""
    if request.mimetype != "application/json":
        raise UnsupportedMediaType()
    limit = int(current_app.config["API_MAX_BODY_BYTES"])
    if (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()
    raw = request.stream.read(limit + 1)
    if len(raw) > limit:
        raise RequestEntityTooLarge()
    try:
        value = json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_pairs,
            parse_constant=_constant,
            parse_float=_float,
        )
    except _Refused as err:
        raise BadRequest(str(err.args[0])) from err
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise BadRequest(str(_l("De inhoud is geen geldige JSON."))) from err
    if _depth(value) > MAX_DEPTH:
        raise BadRequest(str(_l("De JSON is te diep genest.")))
    return value


class StrictParser(FlaskParser):
    """webargs reading bodies through `load_body` instead of Flask's lenient `get_json`."""

    def _raw_load_json(self, req: Any) -> Any:
        return load_body()
