"""/curation: queues by state, one nomination, taking it into review, deciding it.

Every route is for curators; a refusal is logged by the service and shown as 403.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required

from registry.extensions import db
from registry.models import Nomination, NominationState
from registry.services import catalogue, curation, nominations, readiness
from registry.services.errors import Conflict, Invalid
from registry.services.readiness import Checklist
from registry.translation import gettext as _
from registry.web.boundary import show_error_at_field, viewer
from registry.web.curation import bp
from registry.web.curation.forms import DecisionForm, QueueFilterForm, ReviewForm
from registry.web.nominations.helpers import thresholds, today
from registry.web.nominations.labels import EVENTS, QUEUE_SORTS, STATES


@bp.route("/curation")
@login_required
def index():
    form = QueueFilterForm(formdata=request.args)
    state = form.state.data if form.state.data in STATES else NominationState.SUBMITTED
    sort = form.sort.data if form.sort.data in QUEUE_SORTS else "age"
    form.state.data, form.sort.data = state, sort
    counts = curation.state_counts(viewer())
    rows = curation.queue(viewer(), state, sort, thresholds())
    return render_template(
        "curation/index.html", form=form, state=state, sort=sort, counts=counts, rows=rows
    )


def _nomination_for_action(nomination_id: int, action: str) -> Nomination:
    """The nomination a POST acts on; a non-curator is refused (and logged) first."""
    curation.require_curator(viewer(), action, f"nomination:{nomination_id}")
    return nominations.get(nomination_id)


def _decision_form(nomination: Nomination, submitted: bool = False) -> DecisionForm:
    """The decision form: from the request when posted, else prefilled from the pilot."""
    form = DecisionForm() if submitted else DecisionForm(formdata=None)
    form.set_choices(catalogue.maintainer_candidates())
    if not submitted:
        form.fill_entry(catalogue.prefill(nomination.project, today()))
        form.version.data = nomination.version
    return form


def _render(
    nomination: Nomination,
    decision_form: DecisionForm | None = None,
    problem: object = None,
    status: int = 200,
):
    review_form = ReviewForm(formdata=None)
    review_form.version.data = nomination.version
    return (
        render_template(
            "curation/show.html",
            nomination=nomination,
            project=nomination.project,
            checklist=readiness.readiness_checklist(nomination.project, thresholds()),
            snapshot=Checklist.from_snapshot(nomination.checklist),
            entry=catalogue.for_project(nomination.project)
            if nomination.state == NominationState.ACCEPTED
            else None,
            history=curation.history(nomination),
            event_labels=EVENTS,
            review_form=review_form,
            decision_form=decision_form or _decision_form(nomination),
            problem=problem,
        ),
        status,
    )


@bp.route("/curation/<int:nomination_id>")
@login_required
def show(nomination_id: int):
    return _render(curation.get(nomination_id, viewer()))


@bp.route("/curation/<int:nomination_id>/review", methods=["POST"])
@login_required
def review(nomination_id: int):
    nomination = _nomination_for_action(nomination_id, "curation.review")
    form = ReviewForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        curation.take_into_review(nomination, viewer(), form.version.data)
    except (Conflict, Invalid) as err:
        db.session.rollback()
        return _render(nomination, problem=err.reason, status=409)
    db.session.commit()
    flash(
        _(
            "U heeft de voordracht in behandeling genomen. "
            "De eigenaren en de indiener zijn bericht."
        ),
        "success",
    )
    return redirect(url_for(".show", nomination_id=nomination.id))


@bp.route("/curation/<int:nomination_id>/decide", methods=["POST"])
@login_required
def decide(nomination_id: int):
    nomination = _nomination_for_action(nomination_id, "curation.decide")
    form = _decision_form(nomination, submitted=True)
    if not form.validate_on_submit():
        return _render(nomination, decision_form=form)
    choice = form.decision.data
    try:
        curation.decide(
            nomination,
            viewer(),
            choice,
            form.rationale.data,
            thresholds=thresholds(),
            today=today(),
            override=bool(form.override.data),
            version=form.version.data,
            entry=form.entry_data() if choice == "accept" else None,
        )
    except Conflict as err:
        db.session.rollback()
        # The page now shows the nomination as it is; the curator's text stays in the form.
        form.version.data = nomination.version
        return _render(nomination, decision_form=form, problem=err.reason, status=409)
    except Invalid as err:
        db.session.rollback()
        if err.field is None:
            return _render(nomination, decision_form=form, problem=err.reason, status=409)
        show_error_at_field(form, err, renamed={"version": "entry_version"})
        return _render(nomination, decision_form=form)
    db.session.commit()
    if nomination.state == NominationState.ACCEPTED:
        entry = catalogue.for_project(nomination.project)
        if entry is not None:  # accepting created it, in the transaction just committed
            flash(_("De voordracht is aangenomen. De standaard staat in de catalogus."), "success")
            return redirect(url_for("catalogue.show", slug=entry.slug))
    flash(_("Het besluit is vastgelegd. De eigenaren en de indiener zijn bericht."), "success")
    return redirect(url_for(".show", nomination_id=nomination.id))
