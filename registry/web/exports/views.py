"""/projects.csv|json, /catalogue.csv|json, /organisations.csv|json.

Each takes the query parameters of its list page (filters and sort; `page`
is ignored: an export holds every matching row) and streams the rows, so
a large export never holds a worker's memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote

from flask import Response, current_app, stream_with_context

from registry.services import exports
from registry.web.catalogue.views import read_filters as catalogue_filters
from registry.web.exports import bp, columns
from registry.web.exports.formats import Column, csv_stream, json_stream
from registry.web.organisations.views import read_filters as directory_filters
from registry.web.projects.views import read_filters as project_filters
from registry.web.public_urls import public_url

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
PLACEHOLDER = "--key--"


def address_of(endpoint: str, arg: str, key: str) -> Callable[[dict], str]:
    """Each record's public page address, from one `url_for` rather than one per row."""
    template = public_url(endpoint, **{arg: PLACEHOLDER})
    return lambda record: template.replace(PLACEHOLDER, quote(record[key], safe=""))


def stream(
    name: str,
    fmt: str,
    records: Iterable[dict],
    cols: list[Column],
    address: Callable[[dict], str],
) -> Response:
    def with_url(record: dict) -> dict:
        return {"url": address(record), **record}

    rows = map(with_url, records)
    body = csv_stream(cols, rows) if fmt == "csv" else json_stream(rows)
    response = Response(stream_with_context(body), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    # The CSV header follows the reader's language, so no shared cache may keep it.
    response.cache_control.private = True
    response.cache_control.max_age = current_app.config["EXPORT_MAX_AGE"]
    return response


@bp.route("/projects.<any(csv, json):fmt>")
def projects(fmt: str):
    _form, filters = project_filters()
    return stream(
        "pilots",
        fmt,
        exports.project_records(filters),
        columns.PROJECTS,
        address_of("projects.show", "slug", "slug"),
    )


@bp.route("/catalogue.<any(csv, json):fmt>")
def catalogue(fmt: str):
    _form, filters = catalogue_filters()
    return stream(
        "catalogus",
        fmt,
        exports.catalogue_records(filters),
        columns.CATALOGUE,
        address_of("catalogue.show", "slug", "slug"),
    )


@bp.route("/organisations.<any(csv, json):fmt>")
def organisations(fmt: str):
    _form, filters = directory_filters()
    return stream(
        "organisaties",
        fmt,
        exports.organisation_records(filters.q, filters.province, filters.include_inactive),
        columns.ORGANISATIONS,
        address_of("organisations.show", "code", "code"),
    )
