"""The standard catalogue: the public list, one standard, and the curators' upkeep."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from registry.web.catalogue import brief, publiccode, views  # noqa: E402, F401  (routes attach to bp)
