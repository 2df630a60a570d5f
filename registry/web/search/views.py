"""GET /search: results with facets, sorting, highlighting and "Bedoelde u …?"."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, request

from registry import search
from registry.search import synonyms
from registry.search.interface import (
    FACETS,
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    FacetValue,
    SearchQuery,
    SearchResults,
)
from registry.translation import lazy_gettext as _l
from registry.web import labels, pagination
from registry.web.search import bp
from registry.web.search.forms import FACET_LABELS, SearchForm
from registry.web.templating import page_url

CATALOGUE_LABELS = {"yes": _l("In de catalogus"), "no": _l("Niet in de catalogus")}


def facet_label(name: str, value: FacetValue) -> object:
    if name == "theme":
        return labels.label(labels.THEMES, value.value)
    if name == "phase":
        return labels.label(labels.PHASES, value.value)
    if name == "layer":
        return labels.label(labels.LAYERS, value.value)
    if name == "catalogue":
        return CATALOGUE_LABELS.get(value.value, value.value)
    if name == "organisation" and (also := synonyms.aliases_of(value.value)):
        # The name people use, next to the official one: "'s-Gravenhage (Den Haag)".
        return f"{value.label or value.value} ({also[0]})"
    return value.label or value.value


@dataclass
class Chip:
    """A selected filter, with the link that removes it."""

    facet: object
    label: object
    remove_url: str


@dataclass
class FacetLink:
    """One facet value: following the link selects it, or drops it when selected."""

    label: object
    count: int
    selected: bool
    url: str


@dataclass
class FacetGroup:
    name: str
    title: object
    links: list[FacetLink]


def facet_groups(
    results: SearchResults, args: dict[str, list[str]], shown: int = 12
) -> list[FacetGroup]:
    groups = []
    for name in FACETS:
        values = results.facets.get(name, [])
        listed = [v for v in values if v.selected] + [v for v in values if not v.selected]
        listed = listed[: max(shown, sum(v.selected for v in values))]
        chosen = args.get(name, [])
        links = []
        for value in listed:
            others = [v for v in chosen if v != value.value]
            wanted = others if value.selected else [*others, value.value]
            url = page_url(**{name: wanted or None, "page": None})
            # Labelled here, for the values listed only: a common word matches
            # pilots of hundreds of organisations.
            label = str(facet_label(name, value))
            links.append(FacetLink(label, value.count, value.selected, url))
        if links:
            groups.append(FacetGroup(name, FACET_LABELS[name], links))
    return groups


@dataclass
class Page:
    """The pagination macro's view of a results page."""

    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, left_edge=1, right_edge=1, left_current=2, right_current=2):
        previous = 0
        for number in range(1, self.pages + 1):
            if (
                number <= left_edge
                or number > self.pages - right_edge
                or self.page - left_current <= number <= self.page + right_current
            ):
                if previous and number - previous > 1:
                    yield None
                yield number
                previous = number


def chips(results: SearchResults, args: dict[str, list[str]]) -> list[Chip]:
    found = []
    for name, selected in results.query.filters.items():
        offered = {v.value: v for v in results.facets.get(name, [])}
        for value in selected:
            label = facet_label(name, offered.get(value) or FacetValue(value=value, count=0))
            remaining = [v for v in args.get(name, []) if v != value]
            url = page_url(**{name: remaining or None, "page": None})
            found.append(Chip(FACET_LABELS[name], label, url))
    return found


def requested_page() -> int:
    return min(pagination.requested_page(), MAX_PAGE)


@bp.route("/search")
def index():
    form = SearchForm(formdata=request.args)
    query = SearchQuery(
        text=form.text(),
        filters=form.filters(),
        sort=form.sort_order(),
        page=requested_page(),
        per_page=current_app.config["PAGE_SIZE"],
    )
    results = search.search(query)
    args = request.args.to_dict(flat=False)
    return render_template(
        "search/index.html",
        form=form,
        results=results,
        facets=facet_groups(results, args),
        chips=chips(results, args),
        page=Page(query.page, results.pages, results.total),
        filtered=bool(query.filters),
    )


@bp.app_context_processor
def search_box() -> dict[str, object]:
    """For the search box in the header of every page (`_search_box.html`, a plain
    field: a form object per page cost more than the box is worth)."""
    return {"search_box_length": MAX_QUERY_LENGTH, "municipality_aliases": synonyms.aliases_of}
