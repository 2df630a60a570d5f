"""Search: the results page (/search) and the search box on every page."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from registry.web.search import views  # noqa: E402, F401  (routes attach to bp)
