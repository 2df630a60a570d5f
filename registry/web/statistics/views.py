"""`/statistics` and its figures as CSV files."""

from __future__ import annotations

from flask import Response, current_app, render_template, stream_with_context

from registry.services import statistics
from registry.services.statistics import Figures
from registry.web.exports.formats import Column, csv_stream
from registry.web.statistics import bp
from registry.web.statistics.page import NAMES, tables


def current_figures() -> Figures:
    """The figures, counted at most `STATISTICS_CACHE_SECONDS` ago."""
    cache = statistics.cache_for(current_app.extensions, current_app.config)
    return cache.get(statistics.figures)


@bp.route("/statistics")
def index():
    figures = current_figures()
    return render_template("statistics/index.html", figures=figures, tables=tables(figures))


@bp.route("/statistics/<any(" + ", ".join(f"'{n}'" for n in NAMES) + "):name>.csv")
def download(name: str):
    table = next(t for t in tables(current_figures()) if t.name == name)
    columns = [Column(f"c{i}", label) for i, label in enumerate(table.columns)]
    records = ({f"c{i}": cell.value for i, cell in enumerate(row)} for row in table.rows)
    response = Response(stream_with_context(csv_stream(columns, records)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="statistiek-{name}.csv"'
    # The header row follows the reader's language, so no shared cache may keep it.
    response.cache_control.private = True
    response.cache_control.max_age = current_app.config.get("STATISTICS_CACHE_SECONDS", 300)
    return response
