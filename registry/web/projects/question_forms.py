"""The forms of a pilot's questions and answers."""

from __future__ import annotations

from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from registry.models import limits
from registry.services import questions
from registry.translation import lazy_gettext as _l
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm


def _length(maximum: int) -> Length:
    return Length(max=maximum, message=questions.too_long(maximum))


class QuestionForm(GuardedForm):
    body = TextAreaField(
        _l("Uw vraag"),
        filters=[strip],
        validators=[DataRequired(questions.NO_QUESTION), _length(limits.QUESTION_BODY)],
        render_kw={"rows": 4},
    )


class AnswerForm(GuardedForm):
    body = TextAreaField(
        _l("Uw antwoord"),
        filters=[strip],
        validators=[DataRequired(questions.NO_ANSWER), _length(limits.ANSWER_BODY)],
        render_kw={"rows": 5},
    )


class PostHideForm(GuardedForm):
    """Hiding one post; each post's form has its own prefix, so a page can hold several."""

    reason = TextAreaField(
        _l("Reden voor verbergen"),
        filters=[strip],
        validators=[DataRequired(questions.NO_REASON), _length(limits.HIDDEN_REASON)],
        render_kw={"rows": 2},
    )
