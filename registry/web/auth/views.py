from __future__ import annotations

from flask import render_template

from registry.web.auth import bp


@bp.route("/login")
def login():
    return render_template("errors/error.html", code=200, title="", explanation="")


@bp.route("/logout", methods=["POST"])
def logout():
    return render_template("errors/error.html", code=200, title="", explanation="")


@bp.route("/register")
def register():
    return render_template("errors/error.html", code=200, title="", explanation="")
