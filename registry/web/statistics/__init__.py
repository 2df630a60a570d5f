"""Statistics: the register in figures, each as a chart, a table and a CSV file."""

from flask import Blueprint

bp = Blueprint("statistics", __name__)

from registry.web.statistics import views  # noqa: E402, F401  (routes attach to bp)
