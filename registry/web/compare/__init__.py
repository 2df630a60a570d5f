"""/compare: two to four pilots or standards side by side, at an address that can be shared."""

from flask import Blueprint

bp = Blueprint("compare", __name__)

from registry.web.compare import views  # noqa: E402, F401  (routes attach to bp)
