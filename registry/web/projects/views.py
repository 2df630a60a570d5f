"""Pilots: the public list, the detail page, and registering and editing a pilot."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from registry.extensions import db
from registry.models import Project
from registry.models.vocab import THEMES
from registry.services import permissions, projects
from registry.services.errors import Conflict, Invalid
from registry.services.follows import Target
from registry.translation import gettext as _
from registry.web import labels
from registry.web.boundary import show_error_at_field, signed_in_viewer, viewer, visible_or_404
from registry.web.follows import FollowButton
from registry.web.follows import button as follow_button
from registry.web.pagination import paginate
from registry.web.projects import bp
from registry.web.projects.forms import (
    EditProjectForm,
    FilterForm,
    HideForm,
    ProjectForm,
    form_data,
)
from registry.web.projects.labels import FIELDS, INDICATOR_FIELDS, field_names
from registry.web.projects.page import PilotPage

FORM_ENDPOINTS = {"projects.new", "projects.edit", "projects.import_publiccode"}


@bp.url_value_preprocessor
def allow_long_texts(endpoint: str | None, values: dict | None) -> None:
    """Let the pilot form's long texts reach the form, which answers at the field.

    In a multipart request Werkzeug refuses a text field over 500 kB with a
    bare 413. The CSRF check
    reads the form before any view runs, and URL preprocessors run before it,
    so this is the place to raise the limit for these two pages. The whole
    request stays bounded by MAX_CONTENT_LENGTH.
    """
    if endpoint in FORM_ENDPOINTS:
        request.max_form_memory_size = current_app.config["MAX_CONTENT_LENGTH"]


def partner_choices(owner_id: int | None, current=()) -> list[tuple[str, str]]:
    return [(org.code, org.name) for org in projects.partner_candidates(owner_id, list(current))]


def read_filters() -> tuple[FilterForm, projects.Filters]:
    """The list's filters from the query string; the page and its exports share them."""
    form = FilterForm(
        request.args,
        organisation_choices=projects.filter_organisation_choices(),
        province_choices=projects.provinces(),
    )
    filters = projects.Filters(
        theme=form.valid_value("theme"),
        phase=form.valid_value("phase"),
        organisation=form.valid_value("organisation"),
        province=form.valid_value("province"),
        min_score=float(form.valid_value("min_score") or 0) or None,
        sort=form.valid_value("sort") or "newest",
    )
    return form, filters


@bp.route("/projects")
def index():
    form, filters = read_filters()
    statement, parameters = projects.card_window(filters)
    page = paginate(statement, total=lambda: projects.count_public(filters), parameters=parameters)
    return render_template(
        "projects/index.html",
        form=form,
        filters=filters,
        page=page,
        drafts=projects.drafts_of(viewer()),
        theme_follow=theme_button(filters.theme),
        chosen_filters=sum(
            value is not None
            for value in (
                filters.theme,
                filters.phase,
                filters.organisation,
                filters.province,
                filters.min_score,
            )
        ),
    )


def theme_button(theme: str | None) -> FollowButton | None:
    """Following the theme the list is narrowed to."""
    if theme not in THEMES:
        return None
    return follow_button(
        Target.theme(theme),
        str(labels.label(labels.THEMES, theme)),
        url_for("feeds.theme", theme=theme),
        url_for(".index", theme=theme),
    )


def render_show(project: Project, hide_form: HideForm | None = None) -> str:
    return render_pilot_page(PilotPage.of(project, viewer(), hide_form))


def render_pilot_page(page: PilotPage) -> str:
    """The template gets the page's data and static labels: nothing it could query with."""
    return render_template(
        "projects/show.html", page=page, field_labels=FIELDS, indicator_labels=INDICATOR_FIELDS
    )


@bp.route("/projects/<slug>")
def show(slug: str):
    return render_show(visible_or_404(slug))


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def new():
    user = signed_in_viewer()
    permissions.require(permissions.can_create_project(user))
    form = ProjectForm(partner_choices=partner_choices(user.organisation_id))
    if not form.is_submitted():
        form.add_blank_indicator_rows()
    if form.validate_on_submit():
        try:
            project = projects.create(user, form.to_data())
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(
                _(
                    "De pilot is opgeslagen als concept. Alleen uw organisatie en de "
                    "partners zien hem, tot u hem publiceert."
                ),
                "success",
            )
            return redirect(url_for(".show", slug=project.slug))
    return render_template("projects/new.html", form=form)


@bp.route("/projects/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    project = projects.get_editable(slug, viewer())
    choices = partner_choices(project.owner_id, project.partners)
    if request.method == "POST":
        form = EditProjectForm(partner_choices=choices)
    else:
        form = EditProjectForm(data=form_data(project), partner_choices=choices)
        form.add_blank_indicator_rows()
    conflict_fields = None
    if form.validate_on_submit():
        try:
            projects.update(project, viewer(), form.to_data(), form.version_number())
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        except Conflict:
            db.session.rollback()
            project = visible_or_404(slug)
            conflict_fields = field_names(projects.changed_fields(project, form.to_data()))
            # The user has now been told; saving again is a deliberate choice to
            # replace the current version with their text.
            form.version.data = str(project.version)
        else:
            db.session.commit()
            flash(_("Uw wijzigingen zijn opgeslagen."), "success")
            return redirect(url_for(".show", slug=project.slug))
    conflict = conflict_fields is not None
    page = render_template(
        "projects/edit.html",
        project=project,
        form=form,
        conflict=conflict,
        conflict_fields=conflict_fields,
    )
    # The same answer as every other lost race (the boundary's Conflict): 409,
    # with the form still filled in so nothing the user typed is lost.
    return page, 409 if conflict else 200
