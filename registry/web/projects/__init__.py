"""Pilots: list, detail, create, edit, publish, attachments."""

from flask import Blueprint

bp = Blueprint("projects", __name__)

from registry.web.projects import views  # noqa: E402, F401  (routes attach to bp)
