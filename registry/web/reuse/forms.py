"""Forms of the reuse area: the rating (built from the rubric), the adoption, the rubric."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from registry.i18n import current_language
from registry.models import Criterion
from registry.services import adoptions, ratings, rubric
from registry.translation import lazy_gettext as _l
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm
from registry.web.reuse.labels import ADOPTION_STATUSES

UNKNOWN = "unknown"
SCORE_CHOICES = ("1", "2", "3", "4", "5")


def _one_to_five_or_unknown(form, field) -> None:
    """Allow exactly "1".."5" and "weet ik niet", compared as strings.

    `int()` would accept a full-width "５" or " 5 ", and the form must not guess.
    """
    if field.data not in (*SCORE_CHOICES, UNKNOWN):
        raise ValidationError(_l("Kies een score van 1 tot 5, of ‘weet ik niet’."))


def score_field(label: str) -> RadioField:
    """Radio buttons 1–5 plus "weet ik niet"; anything else is an error at the field."""
    choices = [SelectChoice(value, value) for value in SCORE_CHOICES]
    choices.append(SelectChoice(UNKNOWN, _l("Weet ik niet")))
    return RadioField(
        label,
        choices=choices,
        default=UNKNOWN,
        validate_choice=False,
        validators=[_one_to_five_or_unknown],
    )


def score_of(value: str | None) -> int | None:
    return int(value) if value in SCORE_CHOICES else None


class RatingForm(GuardedForm):
    """The rating form; `for_criteria` adds one ScoreField per asked criterion."""

    criterion_codes: tuple[str, ...] = ()

    @classmethod
    def for_criteria(cls, criteria: Sequence[Criterion]) -> type[RatingForm]:
        language = current_language()
        fields = {c.code: score_field(c.text("question", language)) for c in criteria}
        # Declared after the criteria so the error summary lists fields in page order.
        fields["comment"] = TextAreaField(
            _l("Toelichting"),
            filters=[strip],
            validators=[Optional(), Length(max=ratings.MAX_COMMENT)],
        )
        fields["criterion_codes"] = tuple(c.code for c in criteria)
        return type("RatingFormForRubric", (cls,), fields)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if all(score_of(self[code].data) is None for code in self.criterion_codes):
            self.form_errors.append(
                _l(
                    "Geef ten minste één criterium een score van 1 tot 5. "
                    "Een beoordeling met alleen ‘weet ik niet’ telt niet mee."
                )
            )
            return False
        return True

    def scores(self) -> dict[str, int | None]:
        return {code: score_of(self[code].data) for code in self.criterion_codes}

    @staticmethod
    def data_from(rating) -> dict[str, str]:
        """Form data for editing an existing rating."""
        if rating is None:
            return {}
        data = {row.criterion.code: str(row.value) for row in rating.scores}
        data["comment"] = rating.comment
        return data


_NUMBER = re.compile(r"[0-9]+|[0-9]{1,3}(\.[0-9]{3})+")


class WholeNumberField(IntegerField):
    """A whole number as people type it (`1500`, `1.500`, `€ 1.500`), else a Dutch message.

    A text input, not type=number: browsers read "1.500" there as one and a half.
    """

    widget = TextInput()

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "numeric"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        text = valuelist[0].strip().removeprefix("€").strip().replace(" ", "")
        if not text:
            self.data = None
            return
        if text.startswith("-"):
            self.data = None
            raise ValueError(_l("Vul een getal van 0 of meer in."))
        if not _NUMBER.fullmatch(text):
            self.data = None
            raise ValueError(_l("Vul een heel getal in, zonder komma."))
        self.data = int(text.replace(".", ""))


def _limit(name: str) -> NumberRange:
    limit = adoptions.EFFORT_LIMITS[name]
    return NumberRange(
        min=0,
        max=limit,
        message=_l("Vul een getal van 0 tot en met %(max)s in.", max=adoptions.thousands(limit)),
    )


class AdoptionForm(GuardedForm):
    status = RadioField(
        _l("Hoe staat het met hergebruik bij uw organisatie?"),
        choices=[SelectChoice(code, text) for code, text in ADOPTION_STATUSES.items()],
        validators=[InputRequired(message=_l("Kies een van de mogelijkheden."))],
        validate_choice=True,
    )
    hours = WholeNumberField(_l("Uren werk"), validators=[Optional(), _limit("hours")])
    cost_euros = WholeNumberField(
        _l("Kosten in euro's"), validators=[Optional(), _limit("cost_euros")]
    )
    months = WholeNumberField(
        _l("Doorlooptijd in maanden"), validators=[Optional(), _limit("months")]
    )
    prerequisites = TextAreaField(
        _l("Randvoorwaarden"),
        filters=[strip],
        validators=[Optional(), Length(max=adoptions.MAX_TEXT)],
    )
    notes = TextAreaField(
        _l("Opmerkingen"),
        filters=[strip],
        validators=[Optional(), Length(max=adoptions.MAX_TEXT)],
    )

    def to_data(self) -> adoptions.AdoptionData:
        return adoptions.AdoptionData(
            status=self.status.data,
            hours=self.hours.data,
            cost_euros=self.cost_euros.data,
            months=self.months.data,
            prerequisites=self.prerequisites.data or "",
            notes=self.notes.data or "",
        )


def _text(label, limit: int, required: bool = False, area: bool = False):
    validators = [InputRequired(message=_l("Vul dit veld in."))] if required else [Optional()]
    validators.append(Length(max=limit, message=_l("Gebruik hoogstens %(max)d tekens.")))
    field = TextAreaField if area else StringField
    return field(label, filters=[strip], validators=validators)


class CriterionForm(GuardedForm):
    name_nl = _text(_l("Naam (Nederlands)"), rubric.MAX_NAME, required=True)
    name_en = _text(_l("Naam (Engels)"), rubric.MAX_NAME, required=True)
    question_nl = _text(_l("Vraag (Nederlands)"), rubric.MAX_QUESTION, required=True)
    question_en = _text(_l("Vraag (Engels)"), rubric.MAX_QUESTION, required=True)
    score1_nl = _text(_l("Wat een 1 betekent (Nederlands)"), rubric.MAX_DESCRIPTION, area=True)
    score1_en = _text(_l("Wat een 1 betekent (Engels)"), rubric.MAX_DESCRIPTION, area=True)
    score3_nl = _text(_l("Wat een 3 betekent (Nederlands)"), rubric.MAX_DESCRIPTION, area=True)
    score3_en = _text(_l("Wat een 3 betekent (Engels)"), rubric.MAX_DESCRIPTION, area=True)
    score5_nl = _text(_l("Wat een 5 betekent (Nederlands)"), rubric.MAX_DESCRIPTION, area=True)
    score5_en = _text(_l("Wat een 5 betekent (Engels)"), rubric.MAX_DESCRIPTION, area=True)
    position = IntegerField(
        _l("Volgorde"),
        validators=[
            InputRequired(message=_l("Vul een getal in.")),
            NumberRange(min=0, max=1000, message=_l("Vul een getal van 0 tot en met 1000 in.")),
        ],
    )

    def texts(self) -> rubric.CriterionTexts:
        return rubric.CriterionTexts(**{name: self[name].data for name in rubric.TEXT_FIELDS})


class NewCriterionForm(CriterionForm):
    code = _text(_l("Code"), 40, required=True)
    position = None  # new criteria go to the end


class ConfirmForm(GuardedForm):
    """An empty form: a button with a CSRF token."""
