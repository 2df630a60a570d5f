"""Forms for the catalogue: the public filter, and the curators' edit and status forms."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from wtforms import (
    DateField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from registry.models import Organisation
from registry.models.vocab import THEMES
from registry.search.interface import MAX_QUERY_LENGTH, SearchResults
from registry.services.catalogue import MAX_DESCRIPTION, MAX_NAME, MAX_REASON, MAX_VERSION
from registry.services.projects import LICENCES
from registry.translation import lazy_gettext as _l
from registry.web import labels
from registry.web.forms import FilterSelect, MultiCheckboxField, strip
from registry.web.input_guard import GuardedForm
from registry.web.nominations.labels import CATALOGUE_SORTS, CATALOGUE_STATUSES, ENTRY_FIELDS

TOO_LONG = _l("Dit is te lang: hoogstens %(max)d tekens.")
BAD_DATE = _l("Vul een geldige datum in, bijvoorbeeld 31-12-2025.")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in pairs]


def layer_choices(blank: object) -> list[SelectChoice]:
    return choices([("", blank), *labels.LAYERS.items()])


def theme_choices() -> list[SelectChoice]:
    return choices((code, labels.THEMES[code]) for code in THEMES)


class FilterForm(GuardedForm):
    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoeken in de catalogus"),
        filters=[strip],
        render_kw={"maxlength": MAX_QUERY_LENGTH, "autocomplete": "off"},
    )
    theme = SelectField(_l("Thema"), validate_choice=False, widget=FilterSelect())
    layer = SelectField(_l("Common Ground-laag"), validate_choice=False, widget=FilterSelect())
    status = SelectField(_l("Status"), validate_choice=False, widget=FilterSelect())
    sort = SelectField(_l("Sorteren op"), validate_choice=False, widget=FilterSelect())

    # The search engine's answer to `q`, set by the view (for its suggestion and notices).
    found: SearchResults | None = None

    def text(self) -> str:
        return (self.q.data or "")[:MAX_QUERY_LENGTH]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The same choice objects on every page: a filter select is kept by them.
        self.theme.choices, self.layer.choices, self.status.choices, self.sort.choices = (
            _filter_choices()
        )

    def valid(self, name: str) -> str | None:
        """The field's value if it is one of its choices, else None (not filtered)."""
        value = self[name].data
        if not value:
            return None
        return value if any(c.value == value for c in self[name].choices) else None


@cache
def _filter_choices() -> tuple[list[SelectChoice], ...]:
    """Theme, layer, status and sort, each with its "all" (labels translate when written)."""
    return (
        [SelectChoice("", _l("Alle thema's")), *theme_choices()],
        layer_choices(_l("Alle lagen")),
        choices([("", _l("Alle statussen")), *CATALOGUE_STATUSES.items()]),
        choices(CATALOGUE_SORTS.items()),
    )


class EntryFieldsForm(GuardedForm):
    """The fields a curator fills in about a standard, without its version string.

    The decision form and the edit form both use these; they differ in the
    name of the version field, since the decision form's `version` is the
    nomination's.
    """

    name = StringField(
        ENTRY_FIELDS["name"],
        filters=[strip],
        validators=[Optional(), Length(max=MAX_NAME, message=TOO_LONG)],
    )
    description = TextAreaField(
        ENTRY_FIELDS["description"],
        filters=[strip],
        validators=[Optional(), Length(max=MAX_DESCRIPTION, message=TOO_LONG)],
        render_kw={"rows": 8},
    )
    maintainer = SelectField(ENTRY_FIELDS["maintainer"], validate_choice=False)
    standard_since = DateField(
        ENTRY_FIELDS["standard_since"],
        format=DATE_FORMATS,
        validators=[Optional()],
        invalid_value_message=BAD_DATE,
    )
    common_ground_layer = SelectField(ENTRY_FIELDS["common_ground_layer"], validate_choice=False)
    themes = MultiCheckboxField(ENTRY_FIELDS["themes"], validate_choice=False)

    def set_choices(self, organisations: list[Organisation]) -> None:
        self.maintainer.choices = choices((org.code, org.name) for org in organisations)
        self.common_ground_layer.choices = layer_choices(_l("Geen"))
        self.themes.choices = theme_choices()


class EntryForm(EntryFieldsForm):
    licence = SelectField(
        ENTRY_FIELDS["licence"],
        choices=[SelectChoice("", _l("Geen eigen licentie")), *(SelectChoice(c) for c in LICENCES)],
        # The service checks the choice and answers at this field; a client
        # that does not send the field leaves the entry without a licence.
        validate_choice=False,
        filters=[lambda value: value or ""],
    )
    version = StringField(
        ENTRY_FIELDS["version"],
        filters=[strip],
        validators=[
            DataRequired(_l("Vul een versie in, bijvoorbeeld 1.0.")),
            Length(max=MAX_VERSION, message=TOO_LONG),
        ],
    )
    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class StatusForm(GuardedForm):
    status = SelectField(_l("Nieuwe status"), validate_choice=False)
    status_reason = TextAreaField(
        _l("Reden"),
        filters=[strip],
        validators=[
            DataRequired(_l("Geef een reden op; die is openbaar.")),
            Length(max=MAX_REASON, message=TOO_LONG),
        ],
        render_kw={"rows": 4},
    )
    successor = SelectField(_l("Opvolger"), validate_choice=False)
    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
