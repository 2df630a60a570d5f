"""/catalogue/<slug>/brief: the standard on one printable page for a council."""

from __future__ import annotations

from flask import render_template

from registry.models import utcnow
from registry.services import catalogue, permissions
from registry.web.boundary import viewer
from registry.web.briefs import standard_brief
from registry.web.catalogue import bp


@bp.route("/catalogue/<slug>/brief")
def brief(slug: str):
    entry = catalogue.get(slug)
    origin = entry.origin_project
    origin = origin if origin and permissions.can_view_project(viewer(), origin) else None
    return render_template(
        "briefs/brief.html", brief=standard_brief(entry, origin, utcnow().date())
    )
