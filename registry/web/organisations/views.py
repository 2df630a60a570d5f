"""Organisation pages: the directory by province, and one organisation with its pilots."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup
from sqlalchemy import Select, bindparam

from registry.i18n import current_language
from registry.models import Project
from registry.services import freshness, organisations, projects
from registry.services.follows import Target
from registry.services.keys_first import windowed
from registry.web import follows
from registry.web.boundary import viewer
from registry.web.organisations import bp
from registry.web.organisations.council import council_html
from registry.web.organisations.forms import DirectoryFilterForm
from registry.web.pagination import count_of, paginate
from registry.web.reuse.panels import organisation_reuse

# Pilots per page of each list on an organisation's page: the page is an
# overview of several lists (its pilots, its partnerships, its reuse, its
# council record), each paginated, rather than one long list.
PILOTS_PER_PAGE = 10


@dataclass(frozen=True)
class OrganisationPages:
    """A page of each of an organisation's pilot lists (`?page=`, `?partner_page=`)."""

    owned: Pagination
    partnered: Pagination


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    province: str = ""
    include_inactive: bool = False


def read_filters() -> tuple[DirectoryFilterForm, DirectoryFilters]:
    """The directory's filters from the query string; the page and its exports share them."""
    form = DirectoryFilterForm(formdata=request.args)
    provinces = organisations.provinces()
    form.set_provinces(provinces)
    return form, DirectoryFilters(
        q=form.q.data or "",
        province=form.province.data if form.province.data in provinces else "",
        include_inactive=bool(form.inactive.data),
    )


@bp.route("/organisations")
def index():
    form, filters = read_filters()
    return render_template(
        "organisations/index.html",
        form=form,
        directory=directory_html(filters),
        filtered=bool(form.q.data or filters.province),
    )


def directory_html(filters: DirectoryFilters) -> Markup:
    """The directory's list, rendered once per change of the register (per language).

    Three hundred organisations with their counts take longer to render than
    the rest of the page; a search by name is rendered each time (its words
    are the visitor's own and would only crowd the cache).
    """

    def render() -> str:
        entries = organisations.directory(
            q=filters.q, province=filters.province, include_inactive=filters.include_inactive
        )
        return render_template(
            "organisations/_directory.html",
            groups=organisations.by_province(entries),
            total=len(entries),
        )

    if filters.q:
        return Markup(render())
    key = ("organisations directory", current_language(), filters.province)
    return Markup(freshness.cached((*key, filters.include_inactive), render))


@cache  # built once: building a statement costs more than running it on one key
def _public_owned_page() -> Select[Project]:
    return windowed(organisations.owned_query(bindparam("organisation_id"), None))


@bp.route("/organisations/<code>")
def show(code: str):
    organisation = organisations.get_by_code(code)
    if code != organisation.code:
        # `gm0344` (as in the TOOI identifier) names the same page as `GM0344`;
        # one canonical address keeps links and search engines together.
        query: dict[str, Any] = request.args.to_dict()
        return redirect(url_for(".show", code=organisation.code, **query), 301)
    who = viewer()
    if who is None:
        # A visitor sees the public pilots, whose counts are kept for the directory
        # (counting 20,000 pilots of one owner was the one cost that grew with it),
        # through statements built once.
        owned_total, _ = organisations.pilot_counts().get(organisation.id, (0, 0))
        key = {"organisation_id": organisation.id}
        pilots = OrganisationPages(
            owned=paginate(
                _public_owned_page(), per_page=PILOTS_PER_PAGE, total=owned_total, parameters=key
            ),
            partnered=paginate(
                projects.cards_by_keys_query(),
                per_page=PILOTS_PER_PAGE,
                argument="partner_page",
                kept_order=organisations.public_partnered_order(organisation),
            ),
        )
    else:
        visible = organisations.owned_query(organisation, who)
        partnered = organisations.partnered_query(organisation, who)
        pilots = OrganisationPages(
            owned=paginate(visible, per_page=PILOTS_PER_PAGE, total=count_of(visible)()),
            partnered=paginate(
                partnered,
                per_page=PILOTS_PER_PAGE,
                total=count_of(partnered)(),
                argument="partner_page",
                keys_first=True,  # a card computes its themes: for the page's pilots only
            ),
        )
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        pilots=pilots,
        reuse=organisation_reuse(organisation),
        follow=follows.button(
            Target.organisation(organisation),
            organisation.name,
            url_for("feeds.organisation", code=organisation.code),
            url_for(".show", code=organisation.code),
        ),
        council=council_html(organisation),
    )
