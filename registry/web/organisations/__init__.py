"""Organisations: the list by province and one organisation with its pilots."""

from flask import Blueprint

bp = Blueprint("organisations", __name__)

from registry.web.organisations import views  # noqa: E402, F401  (routes attach to bp)
