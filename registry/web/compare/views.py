"""/compare?p=<pilot>&s=<standard>: the comparison, and finding something to add to it."""

from __future__ import annotations

from flask import render_template, request

from registry.web.boundary import viewer
from registry.web.compare import bp
from registry.web.compare.forms import AddForm
from registry.web.compare.page import compare_page


@bp.route("/compare")
def index():
    form = AddForm(formdata=request.args)
    page = compare_page(request.args.getlist("p"), request.args.getlist("s"), form.text(), viewer())
    return render_template("compare/index.html", page=page, form=form)
