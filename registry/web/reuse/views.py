"""Rating a pilot, withdrawing the rating, and reporting that an organisation reuses it.

The views turn forms into plain values and call the services, which decide
who may do what; a refusal there is a 403 and nothing is stored.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from registry.extensions import db
from registry.models import Project
from registry.services import adoptions, permissions, ratings, rubric
from registry.services.errors import Invalid, NotFound
from registry.translation import gettext as _
from registry.web.boundary import show_error_at_field, viewer, visible_or_404
from registry.web.reuse import bp
from registry.web.reuse.forms import AdoptionForm, ConfirmForm, RatingForm
from registry.web.reuse.labels import ADOPTION_STATUS_HINTS


def project_url(project: Project, anchor: str) -> str:
    return url_for("projects.show", slug=project.slug, _anchor=anchor)


@bp.route("/projects/<slug>/rate", methods=["GET", "POST"])
def rate(slug: str):
    project = visible_or_404(slug)
    user = viewer()
    decision = permissions.can_rate(user, project)
    criteria = rubric.active_criteria()
    existing = ratings.current(project, user)
    form_class = RatingForm.for_criteria(criteria)
    if request.method == "POST":
        form = form_class()
        if form.validate_on_submit():
            try:
                ratings.submit(project, user, form.scores(), form.comment.data or "")
            except Invalid as err:
                show_error_at_field(form, err)
            else:
                db.session.commit()
                if existing:
                    flash(_("Uw beoordeling is bijgewerkt."), "success")
                else:
                    flash(_("Bedankt, uw beoordeling is opgeslagen."), "success")
                return redirect(project_url(project, "beoordelingen"))
        else:
            permissions.require(decision)
    else:
        form = form_class(data=RatingForm.data_from(existing))
    return render_template(
        "reuse/rate.html",
        project=project,
        form=form,
        criteria=criteria,
        decision=decision,
        existing=existing,
        withdraw_form=ConfirmForm(),
    )


@bp.route("/projects/<slug>/rate/withdraw", methods=["POST"])
@login_required
def withdraw(slug: str):
    project = visible_or_404(slug)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        ratings.withdraw(project, viewer())
    except NotFound:
        flash(_("U had deze pilot niet beoordeeld."), "info")
        return redirect(project_url(project, "beoordelingen"))
    db.session.commit()
    flash(_("Uw beoordeling is ingetrokken."), "success")
    return redirect(project_url(project, "beoordelingen"))


@bp.route("/projects/<slug>/adopt", methods=["GET", "POST"])
def adopt(slug: str):
    project = visible_or_404(slug)
    user = viewer()
    decision = permissions.can_adopt(user, project)
    existing = adoptions.current(project, user.organisation_id if user else None)
    if request.method == "POST":
        form = AdoptionForm()
        if form.validate_on_submit():
            try:
                adoptions.declare(project, user, form.to_data())
            except Invalid as err:
                show_error_at_field(form, err)
            else:
                db.session.commit()
                flash(_("Het hergebruik door uw organisatie is bijgewerkt."), "success")
                return redirect(project_url(project, "hergebruik"))
        else:
            permissions.require(decision)
    else:
        form = AdoptionForm(obj=existing)
    return render_template(
        "reuse/adopt.html",
        project=project,
        form=form,
        decision=decision,
        existing=existing,
        status_hints=ADOPTION_STATUS_HINTS,
    )
