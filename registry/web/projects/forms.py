"""Forms for pilots. Choices that come from the database are set by the view."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    FieldList,
    FloatField,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields import EmailField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import TextInput

from registry.models import Project, limits
from registry.models.vocab import THEMES
from registry.services import projects as project_service
from registry.services.attachments import ACCEPT
from registry.services.projects import IndicatorData, ProjectData
from registry.translation import lazy_gettext as _l
from registry.web import labels
from registry.web.forms import FilterSelect, HttpUrl, MultiCheckboxField, strip
from registry.web.input_guard import GuardedForm, GuardedSubform
from registry.web.projects.labels import FIELDS, INDICATOR_FIELDS

EXTRA_INDICATOR_ROWS = 3
BAD_DATE = _l("Vul een geldige datum in, bijvoorbeeld 31-12-2025.")
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]  # what a date picker sends, and what people type


def _length(maximum: int) -> Length:
    """The limit from registry.models.limits, refused in the service's words."""
    return Length(max=maximum, message=project_service.too_long(maximum))


class DecimalCommaField(FloatField):
    """A number that may be written the Dutch way, with a decimal comma (12,5).

    A text input, not type=number: a browser would blank a "12,5" it cannot
    parse when the form comes back with an error, losing what the user typed.
    """

    widget = TextInput()

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(*args, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return format(self.data, "f").rstrip("0").rstrip(".").replace(".", ",")

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        raw = valuelist[0].strip().replace(" ", "")
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.data = None
            raise ValueError(_l("Vul een getal in, bijvoorbeeld 12,5."))
        self.data = value


class TagListField(StringField):
    """Comma-separated tags in one text box; the data is a clean list."""

    def _value(self) -> str:
        return ", ".join(self.data or [])

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0] if valuelist else ""
        tags = (" ".join(part.split()).lower() for part in raw.split(","))
        self.data = list(dict.fromkeys(tag for tag in tags if tag))


class IndicatorForm(GuardedSubform):
    """One row of the indicator table; a row left blank is ignored."""

    name = StringField(
        INDICATOR_FIELDS["name"], filters=[strip], validators=[_length(limits.INDICATOR_NAME)]
    )
    unit = StringField(
        INDICATOR_FIELDS["unit"], filters=[strip], validators=[_length(limits.INDICATOR_UNIT)]
    )
    baseline = DecimalCommaField(INDICATOR_FIELDS["baseline"], validators=[Optional()])
    target = DecimalCommaField(INDICATOR_FIELDS["target"], validators=[Optional()])
    result = DecimalCommaField(INDICATOR_FIELDS["result"], validators=[Optional()])

    def is_blank(self) -> bool:
        """True when the user typed nothing in this row (judged on what was sent)."""
        return not any(str(f.raw_data[0]).strip() for f in self if f.raw_data)

    def validate_name(self, field: StringField) -> None:
        if not field.data and not self.is_blank():
            raise ValidationError(project_service.INDICATOR_WITHOUT_NAME)


class IndicatorList(FieldList):
    """The indicator rows; the list's own errors are sentences, not nested dicts.

    Each row's fields show their own error; the list repeats them per row so
    the error summary at the top reads well and links to the table.
    """

    # FieldList fills this with one entry per row (a dict or a message); validate() below
    # replaces them with sentences.
    errors: list[Any]

    def validate(self, form, extra_validators=()) -> bool:
        valid = super().validate(form, extra_validators)
        sentences: list[str] = []
        for number, error in enumerate(self.errors, start=1):
            if isinstance(error, dict):
                for messages in error.values():
                    sentences.extend(
                        str(_l("Rij %(number)s: %(message)s", number=number, message=m))
                        for m in messages
                    )
            elif error:
                sentences.append(error)
        self.errors = sentences
        return valid


def _version_is_a_number(form: GuardedForm, field: HiddenField) -> None:
    if not (field.data or "").isdigit() or len(field.data) > 9:
        raise StopValidation(
            _l("Het formulier is beschadigd. Laad de pagina opnieuw en probeer het nog eens.")
        )


class ProjectForm(GuardedForm):
    title = StringField(
        FIELDS["title"],
        filters=[strip],
        validators=[DataRequired(project_service.NO_TITLE), _length(limits.TITLE)],
    )
    summary = TextAreaField(
        FIELDS["summary"],
        filters=[strip],
        validators=[DataRequired(project_service.NO_SUMMARY), _length(limits.SUMMARY)],
        render_kw={"rows": 3, "maxlength": limits.SUMMARY},
    )
    problem = TextAreaField(
        FIELDS["problem"], filters=[strip], validators=[_length(limits.LONG_TEXT)]
    )
    approach = TextAreaField(
        FIELDS["approach"], filters=[strip], validators=[_length(limits.LONG_TEXT)]
    )
    results = TextAreaField(
        FIELDS["results"], filters=[strip], validators=[_length(limits.LONG_TEXT)]
    )
    lessons = TextAreaField(
        FIELDS["lessons"], filters=[strip], validators=[_length(limits.LONG_TEXT)]
    )
    phase = SelectField(
        FIELDS["phase"],
        choices=[SelectChoice(code, text) for code, text in labels.PHASES.items()],
        validators=[DataRequired(_l("Kies een fase."))],
        invalid_choice_message=project_service.NOT_IN_LIST,
    )
    themes = MultiCheckboxField(
        FIELDS["themes"],
        choices=[SelectChoice(code, labels.THEMES[code]) for code in THEMES],
        invalid_choice_message=project_service.THEMES_NOT_IN_LIST,
    )
    common_ground_layer = SelectField(
        FIELDS["common_ground_layer"],
        choices=[
            SelectChoice("", _l("Geen of niet van toepassing")),
            *(SelectChoice(code, text) for code, text in labels.LAYERS.items()),
        ],
        invalid_choice_message=project_service.NOT_IN_LIST,
    )
    tags = TagListField(FIELDS["tags"])
    partners = SelectMultipleField(
        FIELDS["partners"],
        choices=[],
        invalid_choice_message=project_service.PARTNERS_NOT_IN_LIST,
        render_kw={"size": 8},
    )
    start_date = DateField(
        FIELDS["start_date"],
        validators=[Optional()],
        format=DATE_FORMATS,
        invalid_value_message=BAD_DATE,
    )
    end_date = DateField(
        FIELDS["end_date"],
        validators=[Optional()],
        format=DATE_FORMATS,
        invalid_value_message=BAD_DATE,
    )
    budget_euros = IntegerField(
        FIELDS["budget_euros"],
        validators=[
            Optional(),
            NumberRange(0, limits.BUDGET_EUROS, project_service.BUDGET_OUT_OF_RANGE),
        ],
        invalid_value_message=_l("Vul een bedrag in hele euro's in, zonder punten of komma's."),
    )
    funding_source = StringField(
        FIELDS["funding_source"], filters=[strip], validators=[_length(limits.FUNDING_SOURCE)]
    )
    website_url = StringField(
        FIELDS["website_url"], filters=[strip], validators=[HttpUrl(), _length(limits.URL)]
    )
    repository_url = StringField(
        FIELDS["repository_url"], filters=[strip], validators=[HttpUrl(), _length(limits.URL)]
    )
    documentation_url = StringField(
        FIELDS["documentation_url"], filters=[strip], validators=[HttpUrl(), _length(limits.URL)]
    )
    licence = SelectField(
        FIELDS["licence"],
        choices=[
            SelectChoice("", _l("Geen of onbekend")),
            *(SelectChoice(c) for c in project_service.LICENCES),
        ],
        invalid_choice_message=project_service.LICENCE_NOT_IN_LIST,
    )
    contact_name = StringField(
        FIELDS["contact_name"], filters=[strip], validators=[_length(limits.CONTACT_NAME)]
    )
    contact_email = EmailField(
        FIELDS["contact_email"],
        filters=[strip],
        validators=[
            Optional(),
            Email(_l("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")),
            _length(limits.EMAIL),
        ],
    )
    # Room for the most indicators a pilot may have plus the blank rows the
    # page offers; more filled rows than the limit are refused in validate_indicators.
    indicators = IndicatorList(
        FormField(IndicatorForm),
        label=FIELDS["indicators"],
        max_entries=limits.INDICATORS + EXTRA_INDICATOR_ROWS,
    )

    def __init__(self, *args, partner_choices: Sequence[tuple[str, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partners.choices = [SelectChoice(code, name) for code, name in partner_choices]

    def validate_tags(self, field: TagListField) -> None:
        if len(field.data) > limits.TAGS:
            raise ValidationError(project_service.TOO_MANY_TAGS)
        if any(len(tag) > limits.TAG for tag in field.data):
            raise ValidationError(project_service.TAG_TOO_LONG)

    def validate_end_date(self, field: DateField) -> None:
        if field.data and self.start_date.data and field.data < self.start_date.data:
            raise ValidationError(project_service.END_BEFORE_START)

    def validate_indicators(self, field: FieldList) -> None:
        filled = [entry for entry in field if not entry.form.is_blank()]
        if len(filled) > limits.INDICATORS:
            raise ValidationError(project_service.TOO_MANY_INDICATORS)

    def add_blank_indicator_rows(self, count: int = EXTRA_INDICATOR_ROWS) -> None:
        """Offer empty rows so a new indicator can be added without JavaScript."""
        for _ in range(count):
            self.indicators.append_entry()

    def to_data(self) -> ProjectData:
        return ProjectData(
            title=self.title.data,
            summary=self.summary.data,
            problem=self.problem.data or "",
            approach=self.approach.data or "",
            results=self.results.data or "",
            lessons=self.lessons.data or "",
            phase=self.phase.data,
            themes=list(self.themes.data or []),
            common_ground_layer=self.common_ground_layer.data or None,
            tags=list(self.tags.data or []),
            partners=list(self.partners.data or []),
            start_date=self.start_date.data,
            end_date=self.end_date.data,
            budget_euros=self.budget_euros.data,
            funding_source=self.funding_source.data or "",
            website_url=self.website_url.data or "",
            repository_url=self.repository_url.data or "",
            documentation_url=self.documentation_url.data or "",
            licence=self.licence.data or "",
            contact_name=self.contact_name.data or "",
            contact_email=self.contact_email.data or "",
            indicators=[
                IndicatorData(
                    name=entry.form.name.data,
                    unit=entry.form.unit.data or "",
                    baseline=entry.form.baseline.data,
                    target=entry.form.target.data,
                    result=entry.form.result.data,
                )
                for entry in self.indicators
                if not entry.form.is_blank()
            ],
        )


class EditProjectForm(ProjectForm):
    """The edit form carries the version it was built from, for optimistic locking."""

    version = HiddenField(validators=[_version_is_a_number])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # A hidden field has no place to show its error; the summary at the top does.
        if self.version.errors:
            self.form_errors.extend(self.version.errors)
            self.version.errors = []
            return False
        return valid

    def version_number(self) -> int:
        return int(self.version.data)


def form_data(project: Project) -> dict:
    """A pilot's stored values in the shape the form's fields take."""
    values = {name: getattr(project, name) for name in project_service.SCALAR_FIELDS}
    values["common_ground_layer"] = project.common_ground_layer or ""
    values["themes"] = project.themes
    values["tags"] = project.tags
    values["partners"] = [org.code for org in project.partners]
    values["indicators"] = list(project.indicators)
    values["version"] = str(project.version)
    return values


class AttachmentForm(GuardedForm):
    file = FileField(
        _l("Bestand"),
        validators=[FileRequired(_l("Kies een bestand."))],
        render_kw={"accept": ACCEPT},
    )
    title = StringField(
        _l("Omschrijving"), filters=[strip], validators=[_length(limits.ATTACHMENT_TITLE)]
    )


class HideForm(GuardedForm):
    reason = TextAreaField(
        _l("Reden voor verbergen"),
        filters=[strip],
        validators=[DataRequired(project_service.NO_HIDE_REASON), _length(limits.HIDDEN_REASON)],
        render_kw={"rows": 3},
    )


SORT_CHOICES = [
    SelectChoice("newest", _l("Nieuwste eerst")),
    SelectChoice("score", _l("Hoogste herbruikbaarheidsscore")),
    SelectChoice("adopters", _l("Meeste hergebruikers")),
    SelectChoice("title", _l("Titel (A-Z)")),
]

MIN_SCORE_CHOICES = [
    SelectChoice("", _l("Alle pilots")),
    *(SelectChoice(value, _l("%(score)s of hoger", score=value.replace(".", ",")))
      for value in ("3", "3.5", "4", "4.5")),
]  # fmt: skip


class FilterForm(GuardedForm):
    """The list's filters, read from the query string; invalid values are simply not used."""

    class Meta:
        csrf = False

    theme = SelectField(
        _l("Thema"),
        widget=FilterSelect(),
        choices=[
            SelectChoice("", _l("Alle thema's")),
            *(SelectChoice(c, labels.THEMES[c]) for c in THEMES),
        ],
    )
    phase = SelectField(
        _l("Fase"),
        widget=FilterSelect(),
        choices=[
            SelectChoice("", _l("Alle fasen")),
            *(SelectChoice(code, text) for code, text in labels.PHASES.items()),
        ],
    )
    organisation = SelectField(_l("Organisatie"), choices=[], widget=FilterSelect())
    province = SelectField(_l("Provincie"), choices=[], widget=FilterSelect())
    min_score = SelectField(_l("Minimale score"), choices=MIN_SCORE_CHOICES, widget=FilterSelect())
    sort = SelectField(_l("Sorteren"), choices=SORT_CHOICES, widget=FilterSelect())

    def __init__(
        self,
        *args,
        organisation_choices: Sequence[tuple[str, str]] = (),
        province_choices: Sequence[str] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation.choices = _after_all(_l("Alle organisaties"), tuple(organisation_choices))
        self.province.choices = _after_all(
            _l("Alle provincies"), tuple((p, p) for p in province_choices)
        )

    def valid_value(self, name: str) -> str | None:
        """The field's value when it is one of its choices, else None."""
        field = self[name]
        data = field.data
        if not data:
            return None
        return data if any(choice.value == data for choice in field.choices) else None


@lru_cache(maxsize=8)
def _after_all(everything: str, pairs: tuple[tuple[str, str], ...]) -> list[SelectChoice]:
    """The choices "all" and then `pairs`: built once for as long as the pairs stay the same
    (the organisations and provinces change only with the register; 342 choice objects
    built for every list page cost more than sorting its pilots)."""
    return [SelectChoice("", everything), *(SelectChoice(value, text) for value, text in pairs)]


class ImportForm(GuardedForm):
    """One publiccode.yml, from exactly one of three sources."""

    file = FileField(
        _l("Bestand uploaden"),
        render_kw={"accept": ".yml,.yaml,application/yaml,text/yaml,text/plain"},
    )
    text = TextAreaField(_l("Of plak de inhoud van het bestand"), render_kw={"rows": 10})
    url = StringField(
        _l("Of geef het webadres van het bestand"),
        filters=[strip],
        validators=[HttpUrl(), _length(2000)],
        render_kw={"inputmode": "url"},
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        given = [name for name in ("file", "text", "url") if self.source_given(name)]
        if len(given) != 1:
            message = (
                _l("Kies één bron: een bestand, geplakte tekst of een webadres.")
                if given
                else _l("Upload een bestand, plak de inhoud of geef een webadres.")
            )
            self.file.errors = [*self.file.errors, message]
            return False
        return valid

    def source_given(self, name: str) -> bool:
        if name == "file":
            return bool(self.file.data and getattr(self.file.data, "filename", ""))
        return bool((self[name].data or "").strip())

    def source(self) -> str:
        return next(name for name in ("file", "text", "url") if self.source_given(name))
