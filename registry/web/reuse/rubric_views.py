"""Admin pages for the rubric: edit the texts, add criteria, retire or delete them."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from registry.extensions import db
from registry.services import permissions, rubric
from registry.services.errors import Conflict, Invalid, NotAllowed, NotFound
from registry.web.reuse import bp
from registry.web.reuse.forms import ConfirmForm, CriterionForm, NewCriterionForm
from registry.web.reuse.views import show_error_at_field, viewer


def admin_or_abort():
    """The signed-in admin, or the login page / a 403 for everyone else."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    decision = permissions.can_edit_rubric(viewer())
    if not decision:
        abort(403, decision.reason)
    return None


def criterion_or_404(code: str):
    try:
        return rubric.get(code)
    except NotFound:
        abort(404)


@bp.route("/admin/rubric")
def rubric_index():
    if (response := admin_or_abort()) is not None:
        return response
    return render_template(
        "reuse/rubric_index.html",
        criteria=rubric.all_criteria(),
        counts=rubric.score_counts(),
        confirm=ConfirmForm(),
    )


@bp.route("/admin/rubric/new", methods=["GET", "POST"])
def rubric_new():
    if (response := admin_or_abort()) is not None:
        return response
    form = NewCriterionForm()
    if form.validate_on_submit():
        try:
            criterion = rubric.add(viewer(), form.code.data, form.texts())
        except NotAllowed as err:
            abort(403, err.reason)
        except (Invalid, Conflict) as err:
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("Het criterium ‘%(name)s’ is toegevoegd.", name=criterion.name_nl), "success")
            return redirect(url_for(".rubric_index"))
    return render_template("reuse/rubric_form.html", form=form, criterion=None)


@bp.route("/admin/rubric/<code>", methods=["GET", "POST"])
def rubric_edit(code: str):
    if (response := admin_or_abort()) is not None:
        return response
    criterion = criterion_or_404(code)
    form = CriterionForm(obj=criterion)
    if form.validate_on_submit():
        try:
            rubric.update_texts(criterion, viewer(), form.texts(), form.position.data)
        except NotAllowed as err:
            abort(403, err.reason)
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("De teksten van het criterium zijn opgeslagen."), "success")
            return redirect(url_for(".rubric_index"))
    return render_template("reuse/rubric_form.html", form=form, criterion=criterion)


def _change(code: str, action) -> object:
    if (response := admin_or_abort()) is not None:
        return response
    criterion = criterion_or_404(code)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        message = action(criterion)
    except NotAllowed as err:
        abort(403, err.reason)
    except Conflict as err:
        db.session.rollback()
        flash(str(err.reason), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(url_for(".rubric_index"))


@bp.route("/admin/rubric/<code>/retire", methods=["POST"])
def rubric_retire(code: str):
    def retire(criterion):
        rubric.set_retired(criterion, viewer(), True)
        return _(
            "‘%(name)s’ wordt niet meer gevraagd en telt niet meer mee in de scores.",
            name=criterion.name_nl,
        )

    return _change(code, retire)


@bp.route("/admin/rubric/<code>/restore", methods=["POST"])
def rubric_restore(code: str):
    def restore(criterion):
        rubric.set_retired(criterion, viewer(), False)
        return _("‘%(name)s’ wordt weer gevraagd en telt weer mee.", name=criterion.name_nl)

    return _change(code, restore)


@bp.route("/admin/rubric/<code>/delete", methods=["POST"])
def rubric_delete(code: str):
    def remove(criterion):
        name = criterion.name_nl
        rubric.delete(criterion, viewer())
        return _("Het criterium ‘%(name)s’ is verwijderd.", name=name)

    return _change(code, remove)
