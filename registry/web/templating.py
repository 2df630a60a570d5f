"""What every template can use: labels, permissions, formatting, the language switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, g, request, url_for
from flask_login import current_user
from werkzeug.datastructures import iter_multi_items

from registry import translation
from registry.i18n import current_language
from registry.services import permissions
from registry.web import labels, paths
from registry.web.formatting import fmt_date, fmt_number
from registry.web.markdown import render_markdown
from registry.web.pagination import requested_page
from registry.web.public_urls import language_arg, page_links
from registry.web.structured_data import jsonld_script

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}


def language_url(lang: str) -> str:
    """The current page, with its query, in another language."""
    if request.endpoint is None or request.method != "GET":
        return url_for("main.home", lang=lang)
    args = {**(request.view_args or {}), **request.args.to_dict(flat=False), "lang": lang}
    return url_for(request.endpoint, **args)


def page_url(**changes: object) -> str:
    """The current page with some query arguments replaced (None removes one).

    What `url_for` would build, with the path built once per request: a page
    of results has dozens of these links (filters, pages).
    """
    args: dict[str, Any] = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = value
    path = g.get("page_path")
    if path is None:
        path = g.page_path = url_for(request.endpoint or "main.home", **(request.view_args or {}))
    # Encoded as Werkzeug encodes the query of a URL it builds.
    query = urlencode(
        [(key, value) for key, value in iter_multi_items(args) if value is not None],
        safe="!$'()*,/:;?@",
    )
    return f"{path}?{query}" if query else path


def page_url_of(argument: str) -> Callable[..., str]:
    """For a second list on a page: `page_url` with `page=` written as `argument`."""

    def url(page: int) -> str:
        return page_url(**{argument: page})

    return url


def export_url(endpoint: str, fmt: str) -> str:
    """An export of the current list with the filters and sort applied (every page of it)."""
    args: dict[str, Any] = {key: values for key, values in request.args.lists() if key != "page"}
    return url_for(endpoint, **args, fmt=fmt)


def inject_globals() -> dict[str, object]:
    return {
        "current_language": current_language(),
        "languages": current_app.config["LANGUAGES"],
        "language_names": LANGUAGE_NAMES,
        "language_url": language_url,
        "page_url": page_url,
        "page_url_of": page_url_of,
        "page_links": page_links,
        "export_url": export_url,
        "jsonld_script": jsonld_script,
        # A feed's language is in its address; a feed link follows the page's language.
        "feed_lang": language_arg(current_language()),
        "labels": labels,
        "label": labels.label,
        "permissions": permissions,
        "user": current_user,
    }


def init_app(app: Flask) -> None:
    app.context_processor(inject_globals)
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(fmt_date, "date")
    # A global, not a context variable: the pagination macros are imported without context.
    app.jinja_env.globals["requested_page"] = requested_page
    app.add_template_filter(fmt_number, "number")
    paths.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.i18n")
    translation.install_in_templates(app.jinja_env)
    app.jinja_env.policies["ext.i18n.trimmed"] = True
