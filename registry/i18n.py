"""Language selection: Dutch first, English complete.

The language comes from `?lang=` (remembered in the session), else Dutch.
"""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session

from registry import translation
from registry.extensions import babel


def select_locale() -> str | None:
    if not has_request_context():
        return None  # CLI and scripts: Babel's default (Dutch), or a force_locale() around them
    languages = current_app.config["LANGUAGES"]
    from registry.web.api.paths import is_api_request

    if is_api_request():
        # Machines say what they read in Accept-Language; the API keeps no session.
        return (
            request.accept_languages.best_match(languages)
            or current_app.config["BABEL_DEFAULT_LOCALE"]
        )
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    remembered = session.get("lang")
    if remembered in languages:
        return remembered
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_language() -> None:
    from registry.web.api.paths import is_api_request

    if is_api_request():
        return  # the API sets no cookie
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"] and session.get("lang") != asked:
        session["lang"] = asked


def current_language() -> str:
    return translation.language() or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(remember_language)
