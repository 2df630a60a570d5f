"""Organisation pages: the directory by province, and one organisation with its pilots."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from registry.services import organisations
from registry.services.errors import NotFound
from registry.web.organisations import bp
from registry.web.organisations.forms import DirectoryFilterForm


@bp.route("/organisations")
def index():
    form = DirectoryFilterForm(formdata=request.args)
    provinces = organisations.provinces()
    form.set_provinces(provinces)
    province = form.province.data if form.province.data in provinces else ""
    entries = organisations.directory(
        q=form.q.data or "", province=province, include_inactive=bool(form.inactive.data)
    )
    return render_template(
        "organisations/index.html",
        form=form,
        groups=organisations.by_province(entries),
        total=len(entries),
        filtered=bool(form.q.data or province),
    )


@bp.route("/organisations/<code>")
def show(code: str):
    try:
        organisation = organisations.get_by_code(code)
    except NotFound:
        abort(404)
    pilots = organisations.pilots_of(organisation, current_user)
    return render_template("organisations/show.html", organisation=organisation, pilots=pilots)
