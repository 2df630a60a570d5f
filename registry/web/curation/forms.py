"""The curators' forms: the queue filter, taking into review, and the decision."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from registry.services.catalogue import MAX_VERSION, EntryData
from registry.services.curation import MAX_RATIONALE, MIN_RATIONALE
from registry.translation import lazy_gettext as _l
from registry.web.catalogue.forms import TOO_LONG, EntryFieldsForm, choices
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm
from registry.web.nominations.labels import DECISIONS, ENTRY_FIELDS, QUEUE_SORTS, STATES


class QueueFilterForm(GuardedForm):
    class Meta:
        csrf = False

    state = SelectField(_l("Status"), choices=choices(STATES.items()), validate_choice=False)
    sort = SelectField(
        _l("Sorteren op"), choices=choices(QUEUE_SORTS.items()), validate_choice=False
    )


class ReviewForm(GuardedForm):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class DecisionForm(EntryFieldsForm):
    """The decision, with the catalogue entry's fields for when it is "accept"."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    decision = RadioField(
        _l("Besluit"),
        choices=choices(DECISIONS.items()),
        validators=[InputRequired(_l("Kies aannemen, afwijzen of teruggeven."))],
    )
    rationale = TextAreaField(
        _l("Onderbouwing"),
        filters=[strip],
        validators=[
            DataRequired(_l("Onderbouw het besluit; de onderbouwing is openbaar.")),
            Length(
                min=MIN_RATIONALE,
                max=MAX_RATIONALE,
                message=_l("Schrijf tussen %(min)d en %(max)d tekens."),
            ),
        ],
        render_kw={"rows": 6},
    )
    override = BooleanField(
        _l("Ik neem de pilot aan hoewel niet aan alle voorwaarden is voldaan"),
    )
    entry_version = StringField(
        ENTRY_FIELDS["version"],
        filters=[strip],
        validators=[Optional(), Length(max=MAX_VERSION, message=TOO_LONG)],
    )

    def entry_data(self) -> EntryData:
        return EntryData(
            name=self.name.data or "",
            description=self.description.data or "",
            maintainer=self.maintainer.data or "",
            version=self.entry_version.data or "",
            standard_since=self.standard_since.data,
            common_ground_layer=self.common_ground_layer.data or None,
            themes=list(self.themes.data or []),
        )

    def fill_entry(self, data: EntryData) -> None:
        """Prefill the entry's fields on a fresh form."""
        self.name.data = data.name
        self.description.data = data.description
        self.maintainer.data = data.maintainer
        self.entry_version.data = data.version
        self.standard_since.data = data.standard_since
        self.common_ground_layer.data = data.common_ground_layer or ""
        self.themes.data = list(data.themes)


class SynonymForm(GuardedForm):
    """One set of search terms that find each other."""

    terms = StringField(
        _l("Termen die elkaar vinden"),
        filters=[strip],
        validators=[DataRequired(_l("Geef minstens twee termen, gescheiden door komma's."))],
        render_kw={"maxlength": 500},
    )


class DeleteForm(GuardedForm):
    """Only the CSRF token: the button says what it does."""
