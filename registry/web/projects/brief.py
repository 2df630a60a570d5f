"""/projects/<slug>/brief: the pilot on one printable page for a council."""

from __future__ import annotations

from flask import render_template

from registry.models import utcnow
from registry.web.boundary import visible_or_404
from registry.web.briefs import pilot_brief
from registry.web.projects import bp


@bp.route("/projects/<slug>/brief")
def brief(slug: str):
    project = visible_or_404(slug)
    return render_template("briefs/brief.html", brief=pilot_brief(project, utcnow().date()))
