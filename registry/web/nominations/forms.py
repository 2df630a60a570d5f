"""The nomination form: one motivation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from registry.services.nominations import MAX_MOTIVATION
from registry.web.forms import strip


class NominationForm(FlaskForm):
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


class WithdrawForm(FlaskForm):
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
