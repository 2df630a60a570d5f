"""Where the API lives: every answer under this prefix is JSON, errors included."""

from __future__ import annotations

from flask import has_request_context, request

PREFIX = "/api/v1"


def is_api_request() -> bool:
    if not has_request_context():
        return False
    return request.path == PREFIX or request.path.startswith(PREFIX + "/")
