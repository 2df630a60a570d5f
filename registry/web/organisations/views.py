from __future__ import annotations

from flask import render_template

from registry.web.organisations import bp


@bp.route("/organisations")
def index():
    return render_template("errors/error.html", code=200, title="", explanation="")
