"""Open-data exports of the three public lists as CSV and JSON, with the page's filters."""

from flask import Blueprint

bp = Blueprint("exports", __name__)

from registry.web.exports import views  # noqa: E402, F401  (routes attach to bp)
