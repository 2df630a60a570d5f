"""Where the API lives: every answer under this prefix is JSON, errors included."""

from __future__ import annotations

from flask import has_request_context, request
from werkzeug.routing import BaseConverter, PathConverter

PREFIX = "/api/v1"


def is_api_request() -> bool:
    if not has_request_context():
        return False
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")


class TextConverter(BaseConverter):
    """One path segment (a slug); documented with the characters the input guard refuses."""


class IdentifierConverter(PathConverter):
    """An organisation's code or TOOI identifier, which has slashes of its own."""


def converter_schema(converter: BaseConverter) -> dict[str, str]:
    return {"type": "string", "pattern": NO_CONTROL_PATH}


# The guard (web/input_guard.py) refuses C0 and C1 control characters anywhere in the path.
NO_CONTROL_PATH = "^[^\\u0000-\\u001f\\u007f-\\u009f]+$"
CONVERTERS = {"text": TextConverter, "identifier": IdentifierConverter}
