"""Atom feeds: newly published pilots, catalogue changes, a theme, an organisation, a pilot."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from registry.web.feeds import views  # noqa: E402, F401  (routes attach to bp)
