"""Curation: the curators' queues of nominations, review and decision."""

from flask import Blueprint

bp = Blueprint("curation", __name__)

from registry.web.curation import synonyms, views  # noqa: E402, F401  (routes attach to bp)
