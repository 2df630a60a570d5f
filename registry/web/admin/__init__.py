"""Administration: pending accounts, organisations and their e-mail domains."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from registry.web.admin import views  # noqa: E402, F401  (routes attach to bp)
