"""Organisation pages: the directory by province, and one organisation with its pilots."""

from __future__ import annotations

from flask import render_template, request

from registry.services import organisations
from registry.web.boundary import viewer
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
    organisation = organisations.get_by_code(code)
    pilots = organisations.pilots_of(organisation, viewer())
    return render_template("organisations/show.html", organisation=organisation, pilots=pilots)
