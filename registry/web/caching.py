"""HTTP caching of public pages: what a reverse proxy (and a browser) may keep, and for whom.

A visitor without a cookie sees a public page exactly as every other such
visitor does: its content depends on the address (language included, as
`?lang=`), the register's data and the release. Those answers carry
`Cache-Control: public` with a short `max-age` and `stale-while-revalidate`,
an `ETag` derived from the register's version (`services.freshness`), and
`Vary: Cookie`, so a proxy serves them to cookie-less visitors only. A
revalidation (`If-None-Match`) is answered with 304 before the view runs,
for the price of one primary-key lookup.

Everything else that sets no caching policy of its own (feeds, exports and
static files set theirs, for data that is public) is `private, no-store`:
any request with a session or remember-me cookie (signed in, or a language
chosen earlier), any answer that writes the session (a flash, a CSRF token, a
language choice) or sets a cookie, and every page not named below. So
nothing that depends on a session is ever stored for someone else.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request, session
from flask_login import current_user

from registry import PROJECT_ROOT
from registry.i18n import current_language
from registry.services import freshness

# Pages whose anonymous answer is the same for every visitor without a cookie.
PUBLIC_ENDPOINTS = frozenset(
    {
        "main.home",
        "main.accessibility",
        "main.privacy",
        "projects.index",
        "projects.show",
        "catalogue.index",
        "catalogue.show",
        "organisations.index",
        "organisations.show",
        "search.index",
    }
)
MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
PRIVATE = "private, no-store"


@functools.cache
def release_digest(root: Path = PROJECT_ROOT) -> str:
    """A digest of the code, templates and translations: a new release means new ETags."""
    digest = hashlib.sha256()
    for folder, patterns in (
        (root / "templates", ("*.html", "*.xml", "*.txt")),
        (root / "registry", ("*.py", "*.mo")),
    ):
        for pattern in patterns:
            for path in sorted(folder.rglob(pattern)):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cookie_less() -> bool:
    names = (
        current_app.config.get("SESSION_COOKIE_NAME", "session"),
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
    )
    return not any(name in request.cookies for name in names)


def _candidate() -> bool:
    """A GET of a public page by a visitor without a cookie, the session left as it was."""
    return (
        request.method in ("GET", "HEAD")
        and request.endpoint in PUBLIC_ENDPOINTS
        and _cookie_less()
        and not session.modified
    )


def page_etag() -> str | None:
    """The ETag of the requested public page now; None while the register has no version."""
    version = freshness.current()
    if version is None:
        return None
    parts = (
        current_app.config["CACHE_RELEASE"],
        f"{version[1]}.{version[0]}",
        current_language(),
        request.full_path,
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _public_headers(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = (
        f"public, max-age={MAX_AGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"
    )
    response.vary.add("Cookie")
    return response


def answer_not_modified() -> Response | None:
    """Before the view: a revalidation of an unchanged public page gets 304 at once."""
    if not request.if_none_match or not _candidate():
        return None
    etag = page_etag()
    if etag is None or not request.if_none_match.contains(etag):
        return None
    return _public_headers(Response(status=304), etag)


def cache_headers(response: Response) -> Response:
    """After the view: public caching for a public page's anonymous answer, else private."""
    if response.status_code == 304 and response.get_etag()[0]:
        return response
    shareable = (
        response.status_code == 200
        and _candidate()
        and "Set-Cookie" not in response.headers
        and not current_user.is_authenticated
    )
    if shareable:
        etag = page_etag()
        if etag is not None:
            return _public_headers(response, etag)
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = PRIVATE
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("CACHE_RELEASE", release_digest())
    app.before_request(answer_not_modified)
    app.after_request(cache_headers)
