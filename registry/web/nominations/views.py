"""Nominating a pilot (/projects/<slug>/nominate) and withdrawing a nomination."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import login_required

from registry.extensions import db
from registry.models import Project
from registry.services import nominations, permissions
from registry.services.errors import Conflict, Invalid
from registry.translation import gettext as _
from registry.web.boundary import show_error_at_field, viewer, visible_or_404
from registry.web.nominations import bp
from registry.web.nominations.forms import NominationForm, WithdrawForm
from registry.web.nominations.status import promotion_status


def _render(project: Project, form: NominationForm, status: int = 200):
    promotion = promotion_status(project)
    withdraw_form = WithdrawForm(formdata=None)
    if promotion.open is not None:
        withdraw_form.version.data = promotion.open.version
    return (
        render_template(
            "nominations/nominate.html",
            project=project,
            form=form,
            promotion=promotion,
            withdraw_form=withdraw_form,
            allowed=permissions.can_nominate(viewer(), project),
        ),
        status,
    )


@bp.route("/projects/<slug>/nominate", methods=["GET", "POST"])
@login_required
def nominate(slug: str):
    project = visible_or_404(slug)
    form = NominationForm()
    if form.validate_on_submit():
        try:
            nominations.nominate(project, viewer(), form.motivation.data)
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        except Conflict as err:
            db.session.rollback()
            form.form_errors.append(err.reason)
            return _render(project, form, 409)
        else:
            db.session.commit()
            flash(
                _(
                    "Bedankt. De pilot is voorgedragen voor de catalogus; "
                    "een curator neemt de voordracht in behandeling."
                ),
                "success",
            )
            return redirect(url_for("projects.show", slug=project.slug))
    return _render(project, form)


@bp.route("/nominations/<int:nomination_id>/withdraw", methods=["POST"])
@login_required
def withdraw(nomination_id: int):
    nomination = nominations.get(nomination_id)
    project = visible_or_404(nomination.project.slug)
    form = WithdrawForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        nominations.withdraw(nomination, viewer(), form.version.data)
    except (Invalid, Conflict) as err:
        db.session.rollback()
        flash(str(err.reason), "error")
        return redirect(url_for(".nominate", slug=project.slug))
    db.session.commit()
    flash(_("De voordracht is ingetrokken."), "success")
    return redirect(url_for("projects.show", slug=project.slug))
