"""The API's documentation page at /api, built from the OpenAPI document the code generates."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("api_docs", __name__)


@bp.route("/api")
def index():
    return render_template("api/index.html")
