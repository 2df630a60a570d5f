"""Nominating a pilot for the catalogue, and the pilot page's promotion status."""

from flask import Blueprint

bp = Blueprint("nominations", __name__)

from registry.web.nominations import status, views  # noqa: E402, F401  (routes attach to bp)
