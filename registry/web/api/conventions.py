"""What every API answer shares: conditional GETs, CORS for reading, `Link` paging, the language.

- `ETag` on every successful read (a hash of the body; a pilot's also
  carries its version, which `If-Match` hands back to the optimistic lock),
  and 304 for a matching `If-None-Match`.
- CORS: any site may read (GET, HEAD); no site may write. Writes need a token
  in `Authorization`, which a cross-site browser request cannot send without
  a preflight, and the preflight is not granted.
- Paged lists say where the other pages are in a `Link` header (RFC 8288).
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Blueprint, Response, current_app, g, request, url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from registry.extensions import db
from registry.web.api import auth

READ_METHODS = ("GET", "HEAD")
DOCUMENT_ENDPOINT = "api-docs.openapi_json"
EXPOSED = "ETag, Link, Content-Language, X-RateLimit-Limit, X-RateLimit-Remaining, Retry-After"


def etag_version(version: int) -> None:
    """Make this answer's ETag name the pilot's version (see `writes.version_from_if_match`)."""
    g.api_etag_version = version


def paged(query: Select[Any], page: int, per_page: int) -> Pagination:
    """One page of `query`; past the end an empty page (a client asked for it by number)."""
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def page_of(pagination: Pagination, items: list[Any], endpoint: str, **args: Any) -> dict[str, Any]:
    total = pagination.total or 0
    return page_dict(pagination.page, pagination.per_page, total, items, endpoint, **args)


def page_dict(
    page: int, per_page: int, total: int, items: list[Any], endpoint: str, **args: Any
) -> dict[str, Any]:
    """A page of a list as the API returns it; its `Link` header is added to the answer."""
    pages = max(1, -(-total // per_page))
    g.api_link = link_header(endpoint, page, pages, **args)
    return {"page": page, "per_page": per_page, "total": total, "pages": pages, "items": items}


def link_header(endpoint: str, page: int, pages: int, **args: Any) -> str:
    """first/prev/next/last links for a page of `pages`, keeping the request's other arguments."""
    kept = {k: v for k, v in request.args.items() if k != "page"}
    kept.update(args)

    def link(number: int, rel: str) -> str:
        return f'<{url_for(endpoint, _external=False, page=number, **kept)}>; rel="{rel}"'

    links = [link(1, "first")]
    if page > 1:
        links.append(link(min(page - 1, max(pages, 1)), "prev"))
    if page < pages:
        links.append(link(page + 1, "next"))
    links.append(link(max(pages, 1), "last"))
    return ", ".join(links)


def _etag(response: Response) -> None:
    if response.status_code not in (200, 201) or response.direct_passthrough:
        return
    if response.mimetype != "application/json":
        return
    digest = hashlib.sha256(response.get_data()).hexdigest()[:20]
    version = g.get("api_etag_version")
    response.set_etag(f"{version}-{digest}" if version is not None else digest)
    if request.method in READ_METHODS:
        response.headers.setdefault("Cache-Control", "no-cache")
        response.make_conditional(request)


def _cors(response: Response) -> None:
    asked = request.headers.get("Access-Control-Request-Method")
    if request.method == "OPTIONS" and asked not in READ_METHODS:
        return  # a preflight for a write: no grant, so the browser stops there
    if request.method in (*READ_METHODS, "OPTIONS"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD"
            response.headers["Access-Control-Allow-Headers"] = "Accept-Language, If-None-Match"
            response.headers["Access-Control-Max-Age"] = "86400"


def _finish(response: Response) -> Response:
    link = g.get("api_link")
    if link and response.status_code == 200:
        response.headers["Link"] = link
    _etag(response)
    _cors(response)
    response.vary.add("Accept-Language")
    response.vary.add("Authorization")
    return response


def document_conventions(response: Response) -> Response:
    """The OpenAPI document (served by smorest's own blueprint) is read like the rest."""
    if request.endpoint == DOCUMENT_ENDPOINT:
        return _finish(response)
    return response


def _limit_body() -> None:
    # Smaller than the site's limit for uploads: no API body needs more.
    request.max_content_length = int(current_app.config["API_MAX_BODY_BYTES"])


def _check_token() -> None:
    # A token sent with any request must work: a client learns at once that it is dead.
    auth.token()


def init_blueprint(bp: Blueprint) -> None:
    if _finish not in bp.after_request_funcs.get(None, []):
        bp.before_request(_limit_body)
        bp.before_request(_check_token)
        bp.after_request(_finish)
