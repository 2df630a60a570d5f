"""The open API at /api/v1: public data for machines, pilots and reuse for token holders.

A thin layer: each view turns JSON into plain values, calls the same service
as the web page, and turns the result back into JSON (`represent.py`,
described by `schemas.py`). The OpenAPI 3.1 document at
/api/v1/openapi.json is generated from these views by flask-smorest.
"""

from __future__ import annotations

import http

from flask import Flask, current_app
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from flask_smorest.spec import prepare_response

from registry.extensions import limiter
from registry.web.api import auth, paths
from registry.web.api.problems import MEDIA_TYPE
from registry.web.api.schemas import Problem
from registry.web.api.strict_json import StrictParser


class ApiBlueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()


class RegistryApi(Api):
    """flask-smorest, minus its app-wide error handler: the site's handlers answer
    problem+json under /api/v1 (`web/errors.py`) and HTML everywhere else."""

    ERROR_SCHEMA = Problem

    def _register_error_handlers(self) -> None:
        return None

    def _register_responses(self) -> None:
        """smorest's error responses, as problem+json (RFC 9457) instead of application/json."""
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if not 100 <= status < 200 and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, MEDIA_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Fout / error", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, MEDIA_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


bp = ApiBlueprint(
    "api",
    __name__,
    url_prefix=paths.PREFIX,
    description="Het Innovatieregister als open API / the Innovation Register as an open API",
)

limiter.limit(
    lambda: current_app.config["API_RATE_LIMIT"], key_func=auth.rate_key, per_method=False
)(bp)

from registry.web.api import reads, writes  # noqa: E402, F401  (routes attach to bp)


def init_app(app: Flask) -> None:
    from registry.extensions import csrf
    from registry.web.api import conventions

    app.config.setdefault("API_TITLE", "Innovatieregister API")
    app.config.setdefault("API_VERSION", "1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", paths.PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    for name, converter in paths.CONVERTERS.items():
        app.url_map.converters[name] = converter
    api = RegistryApi(app)
    for converter in paths.CONVERTERS.values():
        api.register_converter(converter, paths.converter_schema)
    api.spec.components.security_scheme(
        "token", {"type": "http", "scheme": "bearer", "description": "Persoonlijke API-sleutel"}
    )
    # Cookies are ignored under /api/v1, so a cross-site form cannot act for anyone there.
    csrf.exempt(bp)
    conventions.init_blueprint(bp)
    api.register_blueprint(bp)
    app.after_request(conventions.document_conventions)
    app.extensions["registry-api"] = api
