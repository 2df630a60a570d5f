"""HTTP caching of public pages: what a reverse proxy (and a browser) may keep, and for whom.

A visitor without a cookie sees a public page exactly as every other such
visitor does: its content depends on the address (language included, as
`?lang=`), the register's data and the release. Those answers carry
`Cache-Control: public` with a short `max-age` and `stale-while-revalidate`,
an `ETag` derived from the register's version (`services.freshness`), and
`Vary: Cookie`, so a proxy serves them to cookie-less visitors only. A
revalidation (`If-None-Match`) is answered with 304 before the view runs,
for the price of one primary-key lookup.

Each worker also keeps the bodies of such answers, by ETag
(`PAGE_CACHE_BYTES`, 8 MB by default; 0 turns it off, as tests do): the next
cookie-less visitor of an unchanged page gets it without the view running.
Correct by construction, since the ETag names the release, the register's
version, the language and the address. A request that says
`Cache-Control: no-cache` (a hard reload) is rendered afresh.

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
from collections import OrderedDict
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
        "projects.brief",
        "catalogue.brief",
        "api_docs.index",
    }
)
# Answers that come from the search index are left out: the index follows the
# register a moment later, and a degraded answer (index unavailable) must not be
# kept until the next change. `(endpoint, argument)`: the catalogue with a search.
SEARCHING = frozenset({("catalogue.index", "q")})
PAGE_CACHE_BYTES = 8 * 1024 * 1024
# Headers a kept page must not repeat: they belong to one answer.
_NOT_KEPT = frozenset({"Set-Cookie", "Date", "Content-Length"})
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
        and not any(
            request.endpoint == endpoint and request.args.get(argument)
            for endpoint, argument in SEARCHING
        )
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


class KeptPages:
    """Bodies and headers of public answers by ETag, least recently used out first."""

    def __init__(self) -> None:
        self.pages: OrderedDict[str, tuple[bytes, list[tuple[str, str]]]] = OrderedDict()
        self.size = 0

    def get(self, etag: str) -> Response | None:
        kept = self.pages.get(etag)
        if kept is None:
            return None
        self.pages.move_to_end(etag)
        return Response(kept[0], status=200, headers=kept[1])

    def keep(self, etag: str, response: Response, limit: int) -> None:
        if etag in self.pages or response.direct_passthrough or response.is_streamed:
            return
        body = response.get_data()
        if len(body) > limit // 8:
            return
        headers = [(k, v) for k, v in response.headers.items() if k not in _NOT_KEPT]
        self.pages[etag] = (body, headers)
        self.size += len(body)
        while self.size > limit:
            _, (dropped, _) = self.pages.popitem(last=False)
            self.size -= len(dropped)


kept_pages = KeptPages()


def answer_from_cache() -> Response | None:
    """Before the view: a revalidation of an unchanged public page gets 304 at once,
    and a page this worker has kept is answered without running the view."""
    if not _candidate():
        return None
    if request.if_none_match:
        etag = page_etag()
        if etag is not None and request.if_none_match.contains(etag):
            return _public_headers(Response(status=304), etag)
    if current_app.config["PAGE_CACHE_BYTES"] and not request.cache_control.no_cache:
        etag = page_etag()
        if etag is not None:
            return kept_pages.get(etag)
    return None


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
            _public_headers(response, etag)
            if current_app.config["PAGE_CACHE_BYTES"]:
                kept_pages.keep(etag, response, current_app.config["PAGE_CACHE_BYTES"])
            return response
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = PRIVATE
    return response


def init_app(app: Flask) -> None:
    """Registered before the security headers, so a kept page keeps them (hooks run in reverse)."""
    app.config.setdefault("CACHE_RELEASE", release_digest())
    app.config.setdefault("PAGE_CACHE_BYTES", 0 if app.testing else PAGE_CACHE_BYTES)
    app.before_request(answer_from_cache)
    app.after_request(cache_headers)
