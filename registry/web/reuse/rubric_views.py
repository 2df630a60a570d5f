"""Admin pages for the rubric: edit the texts, add criteria, retire or delete them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import login_required

from registry.extensions import db
from registry.services import permissions, rubric
from registry.services.errors import Conflict, Invalid
from registry.translation import gettext as _
from registry.web.boundary import show_error_at_field, viewer
from registry.web.reuse import bp
from registry.web.reuse.forms import ConfirmForm, CriterionForm, NewCriterionForm


def require_rubric_editor() -> None:
    """Every rubric page, also the read-only list, is for those who may edit the rubric."""
    permissions.require(permissions.can_edit_rubric(viewer()))


@bp.route("/admin/rubric")
@login_required
def rubric_index():
    require_rubric_editor()
    return render_template(
        "reuse/rubric_index.html",
        criteria=rubric.all_criteria(),
        counts=rubric.score_counts(),
        confirm=ConfirmForm(),
    )


@bp.route("/admin/rubric/new", methods=["GET", "POST"])
@login_required
def rubric_new():
    require_rubric_editor()
    form = NewCriterionForm()
    if form.validate_on_submit():
        try:
            criterion = rubric.add(viewer(), form.code.data, form.texts())
        except (Invalid, Conflict) as err:
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("Het criterium ‘%(name)s’ is toegevoegd.", name=criterion.name_nl), "success")
            return redirect(url_for(".rubric_index"))
    return render_template("reuse/rubric_form.html", form=form, criterion=None)


@bp.route("/admin/rubric/<code>", methods=["GET", "POST"])
@login_required
def rubric_edit(code: str):
    require_rubric_editor()
    criterion = rubric.get(code)
    form = CriterionForm(obj=criterion)
    if form.validate_on_submit():
        try:
            rubric.update_texts(criterion, viewer(), form.texts(), form.position.data)
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("De teksten van het criterium zijn opgeslagen."), "success")
            return redirect(url_for(".rubric_index"))
    return render_template("reuse/rubric_form.html", form=form, criterion=criterion)


def _change(code: str, action) -> object:
    require_rubric_editor()
    criterion = rubric.get(code)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        message = action(criterion)
    except Conflict as err:
        db.session.rollback()
        flash(str(err.reason), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".rubric_index"))


@bp.route("/admin/rubric/<code>/retire", methods=["POST"])
@login_required
def rubric_retire(code: str):
    def retire(criterion):
        rubric.set_retired(criterion, viewer(), True)
        return _(
            "‘%(name)s’ wordt niet meer gevraagd en telt niet meer mee in de scores.",
            name=criterion.name_nl,
        )

    return _change(code, retire)


@bp.route("/admin/rubric/<code>/restore", methods=["POST"])
@login_required
def rubric_restore(code: str):
    def restore(criterion):
        rubric.set_retired(criterion, viewer(), False)
        return _("‘%(name)s’ wordt weer gevraagd en telt weer mee.", name=criterion.name_nl)

    return _change(code, restore)


@bp.route("/admin/rubric/<code>/delete", methods=["POST"])
@login_required
def rubric_delete(code: str):
    def remove(criterion):
        name = criterion.name_nl
        rubric.delete(criterion, viewer())
        return _("Het criterium ‘%(name)s’ is verwijderd.", name=name)

    return _change(code, remove)
