from __future__ import annotations

from flask import render_template

from registry.web.admin import bp


@bp.route("/admin")
def index():
    return render_template("errors/error.html", code=200, title="", explanation="")
