"""The home page and site-wide pages."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import text

from registry.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    return render_template("main/home.html")


@bp.route("/healthz")
def health():
    """For load balancers: the app answers and the database is reachable."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
