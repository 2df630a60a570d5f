"""The search forms: GET, so without a CSRF token, and lenient.

A search page must never answer a strange query string with an error: values
that are not offered are dropped, not reported.
"""

from __future__ import annotations

from wtforms import SearchField, SelectChoice, SelectField

from registry.search.interface import FACETS, MAX_QUERY_LENGTH, SORTS
from registry.translation import lazy_gettext as _l
from registry.web.forms import MultiCheckboxField, strip
from registry.web.input_guard import GuardedForm

MAX_VALUES_PER_FACET = 20

SORT_LABELS = {
    "relevance": _l("Relevantie"),
    "newest": _l("Nieuwste eerst"),
    "score": _l("Hoogste herbruikbaarheidsscore"),
    "adopters": _l("Meeste hergebruikers"),
}

FACET_LABELS = {
    "theme": _l("Thema"),
    "phase": _l("Fase"),
    "province": _l("Provincie"),
    "organisation": _l("Organisatie"),
    "layer": _l("Common Ground-laag"),
    "catalogue": _l("Catalogus"),
}


class SearchForm(GuardedForm):
    """Reads the query string. The facets are offered as links, not as these fields:
    the fields only collect what was chosen."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoekwoorden"),
        filters=[strip],
        render_kw={"maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"},
    )
    sort = SelectField(
        _l("Sorteren op"),
        choices=[SelectChoice(code, text) for code, text in SORT_LABELS.items()],
        validate_choice=False,
    )
    theme = MultiCheckboxField(FACET_LABELS["theme"], choices=[], validate_choice=False)
    phase = MultiCheckboxField(FACET_LABELS["phase"], choices=[], validate_choice=False)
    province = MultiCheckboxField(FACET_LABELS["province"], choices=[], validate_choice=False)
    organisation = MultiCheckboxField(
        FACET_LABELS["organisation"], choices=[], validate_choice=False
    )
    layer = MultiCheckboxField(FACET_LABELS["layer"], choices=[], validate_choice=False)
    catalogue = MultiCheckboxField(FACET_LABELS["catalogue"], choices=[], validate_choice=False)

    def text(self) -> str:
        return (self.q.data or "")[:MAX_QUERY_LENGTH]

    def sort_order(self) -> str:
        return self.sort.data if self.sort.data in SORTS else "relevance"

    def filters(self) -> dict[str, tuple[str, ...]]:
        result = {}
        for name in FACETS:
            values = [v[:200] for v in getattr(self, name).data or [] if v]
            if values:
                result[name] = tuple(dict.fromkeys(values))[:MAX_VALUES_PER_FACET]
        return result
