"""Pilots: list, detail, create, edit, publish, attachments."""

from flask import Blueprint

bp = Blueprint("projects", __name__)

# Routes attach to bp when their modules are imported.
from registry.web.projects import (  # noqa: E402, F401
    attachments,
    brief,
    publiccode,
    publishing,
    questions,
    views,
)
