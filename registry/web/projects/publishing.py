"""Publishing a pilot, taking it back, and a curator hiding or restoring it."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import login_required

from registry.extensions import db
from registry.services import permissions, projects
from registry.services.errors import Invalid
from registry.translation import gettext as _
from registry.web.boundary import show_error_at_field, viewer, visible_or_404
from registry.web.projects import bp
from registry.web.projects.forms import HideForm
from registry.web.projects.views import render_show


@bp.route("/projects/<slug>/publish", methods=["POST"])
@login_required
def publish(slug: str):
    project = visible_or_404(slug)
    projects.publish(project, viewer())
    db.session.commit()
    flash(_("De pilot is gepubliceerd en voor iedereen te zien."), "success")
    return redirect(url_for(".show", slug=slug))


@bp.route("/projects/<slug>/unpublish", methods=["POST"])
@login_required
def unpublish(slug: str):
    project = visible_or_404(slug)
    projects.unpublish(project, viewer())
    db.session.commit()
    flash(_("De pilot is weer een concept. Alleen uw organisatie en de partners zien hem."))
    return redirect(url_for(".show", slug=slug))


@bp.route("/projects/<slug>/hide", methods=["POST"])
@login_required
def hide(slug: str):
    project = visible_or_404(slug)
    # Before the form: someone who may not hide gets a 403, not a form error.
    permissions.require(permissions.can_hide_project(viewer(), project))
    form = HideForm()
    if form.validate_on_submit():
        try:
            projects.hide(project, viewer(), form.reason.data)
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("De pilot is verborgen. Hij staat niet meer in de openbare lijsten."))
            return redirect(url_for(".show", slug=slug))
    return render_show(project, hide_form=form)


@bp.route("/projects/<slug>/unhide", methods=["POST"])
@login_required
def unhide(slug: str):
    project = visible_or_404(slug)
    projects.unhide(project, viewer())
    db.session.commit()
    flash(_("De pilot is weer voor iedereen zichtbaar."), "success")
    return redirect(url_for(".show", slug=slug))
