"""Forms for signing in, registering and resetting a password."""

from __future__ import annotations

from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from registry.services import accounts
from registry.services.errors import Invalid
from registry.translation import lazy_gettext as _l
from registry.web.forms import strip
from registry.web.input_guard import GuardedForm


def acceptable_password(form: GuardedForm, field: PasswordField) -> None:
    """The password rule lives in the accounts service; the form only reports it."""
    try:
        accounts.check_password(field.data or "")
    except Invalid as err:
        raise ValidationError(str(err.reason)) from err


def _email_field() -> EmailField:
    return EmailField(
        _l("E-mailadres"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang.")),
            Email(_l("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")),
        ],
    )


def new_password_fields(label: object = None) -> tuple[PasswordField, PasswordField]:
    return (
        PasswordField(
            label or _l("Wachtwoord"),
            validators=[DataRequired(_l("Kies een wachtwoord.")), acceptable_password],
        ),
        PasswordField(
            _l("Herhaal het wachtwoord"),
            validators=[
                DataRequired(_l("Herhaal het wachtwoord.")),
                EqualTo("password", _l("De wachtwoorden zijn niet gelijk.")),
            ],
        ),
    )


class LoginForm(GuardedForm):
    # No format check: any typo gets the same answer as a wrong password.
    email = EmailField(
        _l("E-mailadres"), filters=[strip], validators=[DataRequired(_l("Vul uw e-mailadres in."))]
    )
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Vul uw wachtwoord in."))]
    )


class RegisterForm(GuardedForm):
    name = StringField(
        _l("Naam"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul uw naam in.")),
            Length(max=200, message=_l("Gebruik hoogstens 200 tekens.")),
        ],
    )
    email = _email_field()
    password, password_confirm = new_password_fields()


class EmailForm(GuardedForm):
    """Ask for a new link (password reset or verification) by e-mail address."""

    email = _email_field()


class NewPasswordForm(GuardedForm):
    password, password_confirm = new_password_fields()


class CodeForm(GuardedForm):
    code = StringField(
        _l("Code"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul de code in.")),
            Length(
                max=20, message=_l("Deze code klopt niet. Gebruik de nieuwste code uit uw app.")
            ),
        ],
    )
