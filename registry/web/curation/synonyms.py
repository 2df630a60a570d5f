"""/curation/synonyms: the search synonyms curators keep (Wmo, Jeugdwet, BRP, ...)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import login_required

from registry.extensions import db
from registry.services import synonyms
from registry.services.errors import Invalid, NotFound
from registry.translation import gettext as _
from registry.web.boundary import show_error_at_field, viewer
from registry.web.curation import bp
from registry.web.curation.forms import DeleteForm, SynonymForm


def _page(form: SynonymForm, editing: int | None = None, status: int = 200):
    sets = synonyms.all_sets(viewer())
    return (
        render_template(
            "curation/synonyms.html",
            form=form,
            sets=sets,
            editing=editing,
            delete_form=DeleteForm(formdata=None),
        ),
        status,
    )


@bp.route("/curation/synonyms")
@login_required
def synonym_list():
    return _page(SynonymForm(formdata=None))


@bp.route("/curation/synonyms", methods=["POST"])
@login_required
def synonym_add():
    form = SynonymForm()
    if not form.validate_on_submit():
        synonyms.all_sets(viewer())  # a non-curator is refused before seeing errors
        return _page(form, status=400)
    try:
        synonyms.add(viewer(), form.terms.data)
    except Invalid as err:
        db.session.rollback()
        show_error_at_field(form, err)
        return _page(form, status=400)
    db.session.commit()
    flash(_("De synoniemen zijn opgeslagen; nieuwe zoekopdrachten gebruiken ze meteen."))
    return redirect(url_for(".synonym_list"))


@bp.route("/curation/synonyms/<int:synonym_id>", methods=["GET", "POST"])
@login_required
def synonym_edit(synonym_id: int):
    sets = {s.id: s for s in synonyms.all_sets(viewer())}
    if synonym_id not in sets:
        raise NotFound()
    form = SynonymForm()
    if not form.is_submitted():
        form = SynonymForm(formdata=None, terms=", ".join(sets[synonym_id].term_list))
        return _page(form, editing=synonym_id)
    if not form.validate_on_submit():
        return _page(form, editing=synonym_id, status=400)
    try:
        synonyms.update(viewer(), synonym_id, form.terms.data)
    except Invalid as err:
        db.session.rollback()
        show_error_at_field(form, err)
        return _page(form, editing=synonym_id, status=400)
    db.session.commit()
    flash(_("De synoniemen zijn opgeslagen; nieuwe zoekopdrachten gebruiken ze meteen."))
    return redirect(url_for(".synonym_list"))


@bp.route("/curation/synonyms/<int:synonym_id>/delete", methods=["POST"])
@login_required
def synonym_delete(synonym_id: int):
    form = DeleteForm()
    if not form.validate_on_submit():
        return _page(SynonymForm(formdata=None), status=400)
    synonyms.delete(viewer(), synonym_id)
    db.session.commit()
    flash(_("De synoniemen zijn verwijderd."))
    return redirect(url_for(".synonym_list"))
