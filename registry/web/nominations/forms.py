"""The nomination form: one motivation."""

from __future__ import annotations

from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from registry.services.nominations import MAX_MOTIVATION
from registry.translation import lazy_gettext as _l
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm


class NominationForm(GuardedForm):
    motivation = TextAreaField(
        _l("Motivatie"),
        filters=[strip],
        validators=[
            DataRequired(_l("Leg uit waarom deze pilot een standaard moet worden.")),
            Length(
                max=MAX_MOTIVATION,
                message=_l("Dit is te lang: hoogstens %(max)d tekens."),
            ),
        ],
        render_kw={"rows": 6, "maxlength": MAX_MOTIVATION},
    )


class WithdrawForm(GuardedForm):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
