"""The API's documentation page at /api, built from the OpenAPI document the code generates.

The list of addresses is read from the same document clients get at
/api/v1/openapi.json, so the page cannot drift from the API. No Swagger UI
and nothing from another site: a server-rendered page in the site's design.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, render_template

from registry.i18n import current_language
from registry.web.public_urls import public_url

bp = Blueprint("api_docs", __name__)

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[str]
    needs_token: bool
    anchor: str


def _in_language(text: str) -> str:
    """Summaries read "Nederlands / English": the part in the page's language."""
    dutch, _, english = text.partition(" / ")
    return english if current_language() == "en" and english else dutch


def operations(spec: dict[str, Any]) -> list[Operation]:
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHOD_ORDER:
            operation = item.get(method)
            if operation is None:
                continue
            security = operation.get("security") or []
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=_in_language(operation.get("summary", "")),
                    description=operation.get("description", ""),
                    parameters=[p["name"] for p in operation.get("parameters", [])],
                    needs_token={} not in security and bool(security),
                    anchor=operation.get("operationId") or f"{method}-{path}",
                )
            )
    return found


@bp.route("/api")
def index():
    spec = current_app.extensions["registry-api"].spec.to_dict()
    projects = public_url("api.list_projects")
    examples = {
        "read": f"curl '{projects}?organisation=GM0344&per_page=50'",
        "tooi": "curl '"
        + public_url("api.get_organisation", code="GM0344").rsplit("/", 1)[0]
        + "/https%3A%2F%2Fidentifier.overheid.nl%2Ftooi%2Fid%2Fgemeente%2Fgm0344'",
        "write": (
            f"curl -X POST '{projects}' \\\n"
            '  -H "Authorization: Bearer $TOKEN" \\\n'
            "  -H 'Content-Type: application/json' \\\n"
            """  -d '{"title": "Chatbot voor de balie", "summary": "Vragen over afval."}'"""
        ),
        "edit": (
            f"curl -X PATCH '{projects}/chatbot-voor-de-balie' \\\n"
            '  -H "Authorization: Bearer $TOKEN" -H "If-Match: $ETAG" \\\n'
            "  -H 'Content-Type: application/json' -d '{\"phase\": \"running\"}'"
        ),
    }
    return render_template(
        "api/index.html",
        operations=operations(spec),
        openapi_url=public_url("api-docs.openapi_json"),
        version=spec["info"]["version"],
        openapi_version=spec["openapi"],
        examples=examples,
        rate_limit=current_app.config["API_RATE_LIMIT"],
    )
