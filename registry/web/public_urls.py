"""Absolute addresses of the site's pages, as the public knows them.

Feeds, the sitemap, canonical links and structured data name pages by
their public address (`SITE_URL`), not by whatever host a request came in
on, so a feed entry or a search result never points at an internal name.
The language is in the address (`?lang=en`); Dutch, the default, has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request, url_for

from registry import links
from registry.i18n import current_language


def site_url() -> str:
    return links.site_url()


def site_host() -> str:
    return urlsplit(site_url()).hostname or "localhost"


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute link built from SITE_URL, never from the (forgeable) Host header."""
    return site_url() + url_for(endpoint, **values)


def language_arg(lang: str) -> str | None:
    """The `lang` query value that selects `lang` in a public address (none for the default)."""
    return None if lang == current_app.config["BABEL_DEFAULT_LOCALE"] else lang


@dataclass(frozen=True)
class PageLinks:
    canonical: str
    alternates: list[tuple[str, str]]  # (hreflang, address), x-default last


def page_links() -> PageLinks | None:
    """The current page's canonical address and its language versions; None off a GET page."""
    if request.endpoint is None or request.method != "GET" or request.view_args is None:
        return None
    endpoint, view_args = request.endpoint, request.view_args
    args: dict[str, Any] = {key: values for key, values in request.args.lists() if key != "lang"}

    def address(lang: str | None) -> str:
        return public_url(endpoint, **view_args, **args, lang=lang)

    languages = current_app.config["LANGUAGES"]
    alternates = [(lang, address(language_arg(lang))) for lang in languages]
    alternates.append(("x-default", address(None)))
    return PageLinks(canonical=address(language_arg(current_language())), alternates=alternates)
