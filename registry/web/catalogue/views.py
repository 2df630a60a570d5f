"""/catalogue and /catalogue/<slug>, and the curators' edit and status pages."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required

from registry import search
from registry.extensions import db
from registry.models import CatalogueEntry
from registry.search.interface import SearchQuery, SearchResults
from registry.search.query import parse
from registry.services import also_adopted, catalogue, events, freshness, permissions
from registry.services.catalogue import EntryData
from registry.services.errors import Conflict, Invalid
from registry.services.follows import Target
from registry.services.readiness import Checklist
from registry.translation import gettext as _
from registry.web import follows, structured_data
from registry.web.boundary import show_error_at_field, viewer
from registry.web.catalogue import bp
from registry.web.catalogue.forms import EntryForm, FilterForm, StatusForm, choices
from registry.web.nominations.labels import (
    CATALOGUE_EVENTS,
    CATALOGUE_STATUSES,
    ENTRY_FIELDS,
)
from registry.web.pagination import count_of, paginate

# The catalogue holds a few hundred standards at most: one page of hits names them all.
CATALOGUE_SEARCH_MAX = 1000

# Adopting municipalities named on a card of the list; the standard's page names all.
ADOPTERS_SHOWN = 5


def _search(text: str) -> SearchResults | None:
    """The catalogue's pilots the search engine finds for `text` (None without text)."""
    if not text:
        return None
    return search.search(
        SearchQuery(
            text=text,
            filters={"catalogue": ("yes",)},
            per_page=CATALOGUE_SEARCH_MAX,
            facets=False,
            highlight=False,
        )
    )


def read_filters() -> tuple[FilterForm, catalogue.Filters]:
    """The list's filters and search from the query string; the page and its exports share them.

    The search's answer (for its suggestion and notices) is kept on the form as `found`.
    """
    form = FilterForm(formdata=request.args)
    text = form.text()
    found = _search(text)
    filters = catalogue.Filters(
        theme=form.valid("theme"),
        layer=form.valid("layer"),
        status=form.valid("status"),
        sort=form.sort.data if form.sort.data in catalogue.SORTS else "adopters",
        words=tuple(parse(text).all_words()) if found and found.notice is None else (),
        found_projects=tuple(hit.object_id for hit in found.hits) if found else None,
    )
    form.sort.data = filters.sort
    form.found = found
    return form, filters


@bp.route("/catalogue")
def index():
    form, filters = read_filters()
    query = catalogue.listing_query(filters)
    # A card computes its themes: its page is read by the keys first (for its entries only).
    if filters.found_projects is None:
        # Without a search the count depends on the register alone: kept until it
        # changes; and the page's statement is built once.
        key = ("catalogue count", filters.theme, filters.layer, filters.status)
        statement, parameters = catalogue.listing_window(filters)
        total = freshness.cached(key, count_of(query))
        page = paginate(statement, total=total, parameters=parameters)
    else:
        page = paginate(query, total=count_of(query), keys_first=True)
    return render_template(
        "catalogue/index.html",
        form=form,
        page=page,
        adopters=catalogue.adopter_summaries(page.items, shown=ADOPTERS_SHOWN),
        filtered=bool(filters.theme or filters.layer or filters.status or form.text()),
        found=form.found,
        follow=follows.button(
            Target.catalogue(),
            _("de catalogus"),
            url_for("feeds.catalogue"),
            url_for(".index"),
        ),
    )


@bp.route("/catalogue/<slug>")
def show(slug: str):
    entry = catalogue.get(slug)
    origin = entry.origin_project
    origin = origin if origin and permissions.can_view_project(viewer(), origin) else None
    public_origin = origin if origin and permissions.can_view_project(None, origin) else None
    nomination = entry.nomination
    return render_template(
        "catalogue/show.html",
        entry=entry,
        origin=origin,
        structured_data=structured_data.entry_jsonld(entry, public_origin),
        nomination=nomination,
        snapshot=Checklist.from_snapshot(nomination.checklist) if nomination else None,
        adopters=catalogue.adopters(entry),
        preparing=catalogue.preparing(entry),
        also_adopted=also_adopted.for_project(
            entry.origin_project_id, minimum=current_app.config["ALSO_ADOPTED_MIN_ORGANISATIONS"]
        )
        if entry.origin_project_id
        else [],
        predecessors=catalogue.predecessors(entry),
        timeline=events.timeline(entry),
        event_labels=CATALOGUE_EVENTS,
        field_labels=ENTRY_FIELDS,
    )


def _managed(slug: str, action: str) -> CatalogueEntry:
    entry = catalogue.get(slug)
    permissions.require_logged(permissions.can_manage_catalogue(viewer()), viewer(), action, entry)
    return entry


@bp.route("/catalogue/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    entry = _managed(slug, "catalogue.edit")
    form = EntryForm(obj=entry if request.method == "GET" else None)
    form.set_choices(catalogue.maintainer_candidates())
    if request.method == "GET":
        form.maintainer.data = entry.maintainer.code
        form.themes.data = entry.themes
        form.common_ground_layer.data = entry.common_ground_layer or ""
    conflict = None
    if form.validate_on_submit():
        data = EntryData(
            name=form.name.data or "",
            description=form.description.data or "",
            maintainer=form.maintainer.data or "",
            version=form.version.data or "",
            standard_since=form.standard_since.data,
            common_ground_layer=form.common_ground_layer.data or None,
            themes=list(form.themes.data or []),
            licence=form.licence.data or "",
        )
        try:
            changed = catalogue.update(entry, viewer(), data, form.revision.data)
        except Conflict as err:
            db.session.rollback()
            conflict = err.reason
            form.revision.data = entry.revision
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            if changed:
                flash(_("De standaard is bijgewerkt."), "success")
            return redirect(url_for(".show", slug=entry.slug))
    return render_template("catalogue/edit.html", entry=entry, form=form, conflict=conflict), (
        409 if conflict else 200
    )


@bp.route("/catalogue/<slug>/status", methods=["GET", "POST"])
@login_required
def status(slug: str):
    entry = _managed(slug, "catalogue.status")
    form = StatusForm()
    allowed = sorted(catalogue.TRANSITIONS.get(entry.status, ()))
    form.status.choices = choices((code, CATALOGUE_STATUSES[code]) for code in allowed)
    form.successor.choices = choices(
        [("", _("Geen opvolger"))]
        + [(other.slug, other.name) for other in catalogue.successor_candidates(entry)]
    )
    if request.method == "GET":
        form.revision.data = entry.revision
    problem = None
    if allowed and form.validate_on_submit():
        try:
            catalogue.change_status(
                entry,
                viewer(),
                form.status.data,
                form.status_reason.data,
                successor_slug=form.successor.data or None,
                revision=form.revision.data,
            )
        except Conflict as err:
            db.session.rollback()
            problem = err.reason
            form.revision.data = entry.revision
        except Invalid as err:
            db.session.rollback()
            show_error_at_field(form, err)
        else:
            db.session.commit()
            flash(_("De status van de standaard is gewijzigd."), "success")
            return redirect(url_for(".show", slug=entry.slug))
    return render_template(
        "catalogue/status.html", entry=entry, form=form, allowed=allowed, problem=problem
    ), (409 if problem else 200)
