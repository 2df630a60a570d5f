"""Absolute links to the site's pages, built from SITE_URL, with or without a request.

Mail, feeds and structured data name pages by the site's public address,
never by the Host header of whatever request is running (a forged Host must
not end up in a mailed link), and mail is also written by the worker, where
there is no request at all. The path comes from the app's URL map, so links
follow the routes wherever those are defined; this module knows no views.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app


def site_url(app: Flask | None = None) -> str:
    """SITE_URL without a trailing slash."""
    return str((app or current_app).config.get("SITE_URL") or "").rstrip("/")


def absolute(endpoint: str, app: Flask | None = None, **values: Any) -> str:
    """Any page of the site as an absolute link on SITE_URL."""
    app = app or current_app
    site = urlsplit(site_url(app))
    adapter = app.url_map.bind(
        site.netloc or "localhost",
        script_name=site.path or "/",
        url_scheme=site.scheme or "http",
    )
    return adapter.build(endpoint, values, force_external=bool(site.netloc))
